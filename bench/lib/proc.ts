/**
 * Child processes for the bench: started pinned to a core (`taskset`), polled until they answer,
 * measured through /proc (CPU ticks of the whole process tree, peak RSS), stopped by their pid.
 */
import { type ChildProcess, execFileSync, spawn, type StdioOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** A process started by the bench. */
export interface Proc {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Everything it printed on stderr (for error messages). */
  readonly stderr: () => string;
}

/** Starts `command args` on `core` (no pinning when `core` is undefined). */
export function startPinned(
  core: number | undefined,
  command: string,
  args: readonly string[],
  options: { stdout?: 'ignore' | 'pipe'; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Proc {
  const stdio: StdioOptions = ['ignore', options.stdout ?? 'ignore', 'pipe'];
  const [file, argv] =
    core === undefined ? [command, args] : ['taskset', ['-c', String(core), command, ...args]];
  // taskset execs the command, so the pid is the command's own.
  const child = spawn(file, argv, { stdio, env: options.env ?? process.env, cwd: options.cwd });
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (err.length < 20_000) err += chunk.toString();
  });
  // A piped stdout must be drained, or the child blocks once the pipe is full.
  child.stdout?.resume();
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  return { child, pid: child.pid, stderr: () => err };
}

/** A free loopback port (bound and released; fine on a quiet machine). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One GET; resolves with status and body, or `undefined` when the connection fails. */
export function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string } | undefined> {
  return new Promise((resolve) => {
    const req = request(url, { headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve(undefined));
    });
    req.on('error', () => resolve(undefined));
    req.setTimeout(2000, () => req.destroy());
    req.end();
  });
}

/** Polls `url` until it answers `status`; throws after `timeoutMs`. */
export async function waitFor(
  url: string,
  proc: Proc | undefined,
  options: { status?: number; headers?: Record<string, string>; timeoutMs?: number; everyMs?: number } = {},
): Promise<{ status: number; body: string }> {
  const deadline = performance.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const answer = await get(url, options.headers);
    if (answer !== undefined && answer.status === (options.status ?? 200)) return answer;
    if (proc !== undefined && proc.child.exitCode !== null)
      throw new Error(`process exited (${proc.child.exitCode}) before answering ${url}:\n${proc.stderr()}`);
    if (performance.now() > deadline)
      throw new Error(`no ${options.status ?? 200} from ${url} (last: ${answer?.status ?? 'no connection'})`);
    await sleep(options.everyMs ?? 50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The pid and its descendants (nginx: master + worker). */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      for (const task of readTasks(out[i]!)) {
        const children = readFileSync(`/proc/${out[i]}/task/${task}/children`, 'utf8').trim();
        if (children !== '') out.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // The process is gone.
    }
  }
  return out;
}

function readTasks(pid: number): string[] {
  return readdirSync(`/proc/${pid}/task`);
}

/** CPU seconds (user + system, every thread) used so far by `pids`. */
export function cpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may contain spaces) start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone.
    }
  }
  return ticks / CLOCK_TICKS;
}

/** Peak resident set (VmHWM) of `pids` added up, in bytes. */
export function peakRss(pids: readonly number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      kb += Number(match?.[1] ?? 0);
    } catch {
      // Gone.
    }
  }
  return kb * 1024;
}

/** Stops the process (SIGTERM, then SIGKILL after `graceMs`) and waits for it to exit. */
export async function stop(proc: Proc, graceMs = 3000): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.child.once('exit', () => resolve()));
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
