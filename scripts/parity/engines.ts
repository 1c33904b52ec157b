/**
 * The engines parity runs: each knows its binary, how to start an exported config in a temp
 * folder (own prefix, pid and temp files, logs to stderr, never a default port) and how to stop it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface RunningEngine {
  /** What the engine printed (for failure reports). */
  output(): string;
  stop(): Promise<void>;
}

export interface Engine {
  /** `nginx`: also the exporter's name. */
  readonly name: string;
  readonly binary: string;
  /** Starts the exported files in `dir` (already written); resolves once it has started. */
  start(dir: string): Promise<RunningEngine>;
  /** Checks the exported config without starting it (`nginx -t`). */
  check(dir: string): Promise<{ ok: boolean; output: string }>;
}

export const ENGINES: readonly Engine[] = [
  {
    name: 'nginx',
    binary: '/usr/sbin/nginx',
    async start(dir) {
      await prepareNginx(dir);
      return spawnEngine(this.binary, nginxArgs(dir, 'daemon off;'));
    },
    async check(dir) {
      await prepareNginx(dir);
      return runOnce(this.binary, ['-t', ...nginxArgs(dir, '')]);
    },
  },
  {
    name: 'haproxy',
    binary: '/usr/sbin/haproxy',
    start(dir) {
      // -db: foreground, no daemon; logs go to stderr (global `log stderr`).
      return spawnEngine(this.binary, ['-db', '-f', join(dir, 'haproxy.cfg')]);
    },
    check(dir) {
      return runOnce(this.binary, ['-c', '-f', join(dir, 'haproxy.cfg')]);
    },
  },
  {
    name: 'caddy',
    binary: '/usr/bin/caddy',
    start(dir) {
      return spawnEngine(
        this.binary,
        ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'],
        caddyEnv(dir),
      );
    },
    check(dir) {
      return runOnce(
        this.binary,
        ['validate', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'],
        caddyEnv(dir),
      );
    },
  },
];

// Caddy keeps its data and config (autosave) under HOME/XDG folders: the temp folder's own.
function caddyEnv(dir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: dir,
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_CONFIG_HOME: join(dir, 'config'),
  };
}

/** The engines whose binary is installed here. */
export function installedEngines(names?: readonly string[]): Engine[] {
  return ENGINES.filter((e) => existsSync(e.binary) && (names === undefined || names.includes(e.name)));
}

// Debian's nginx keeps temp files under /var/lib/nginx: give it folders of its own.
async function prepareNginx(dir: string): Promise<void> {
  const conf = join(dir, 'nginx.conf');
  const text = await readFile(conf, 'utf8');
  if (text.includes('client_body_temp_path')) return;
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'];
  for (const name of temp) await mkdir(join(dir, 'temp', name), { recursive: true });
  const lines = temp.map((name) => `  ${name}_temp_path ${join(dir, 'temp', name)};`).join('\n');
  await writeFile(conf, text.replace(/^http \{$/m, `http {\n${lines}`));
}

function nginxArgs(dir: string, extra: string): string[] {
  // As root, workers would switch to `nobody` and could not read the htpasswd files.
  const user = process.getuid?.() === 0 ? 'user root;' : '';
  return [
    '-p',
    dir,
    '-c',
    join(dir, 'nginx.conf'),
    '-e',
    'stderr',
    '-g',
    `pid ${join(dir, 'nginx.pid')}; ${user} ${extra}`,
  ];
}

function spawnEngine(binary: string, args: string[], env?: NodeJS.ProcessEnv): Promise<RunningEngine> {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const running: RunningEngine = { output: () => output, stop: () => stopChild(child) };
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${binary} exited with ${code}:\n${output}`)));
    child.once('spawn', () => resolve(running));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function runOnce(
  binary: string,
  args: string[],
  env?: NodeJS.ProcessEnv,
): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) => resolve({ ok: false, output: String(error) }));
    child.once('exit', (code) => resolve({ ok: code === 0, output }));
  });
}
