/** `gateway dev` and `gateway init` as commands: first run, graceful shutdown, the pretty log, the demo. */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEcho } from '../fixtures/http.js';
import { dev } from '../src/commands/dev.js';
import { init } from '../src/commands/init.js';
import type { CommandIO } from '../src/commands/io.js';
import { send } from './proxy-harness.js';

function io(cwd: string): CommandIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    cwd,
    out,
    err,
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    env: { ...process.env, NO_COLOR: '1' },
    color: false,
  };
}

test('no config: says where it looked, suggests init and --demo, exit 2', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gateway-dev-'));
  const o = io(dir);
  const result = await dev({ ...o, ui: false, log: 'pretty', demo: false, handleSignals: false });
  assert.is(result.exitCode, 2);
  const text = o.err.join('');
  assert.match(text, /no config found in/);
  assert.match(text, /gateway init/);
  assert.match(text, /gateway dev --demo/);
  await rm(dir, { recursive: true });
});

test('init writes a starter config, then refuses to overwrite it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gateway-init-'));
  const first = io(dir);
  assert.is((await init(first)).exitCode, 0);
  const text = await readFile(join(dir, 'gateway.config.ts'), 'utf8');
  assert.match(text, /defineConfig/);
  assert.match(first.out.join(''), /gateway dev/);
  const second = io(dir);
  assert.is((await init(second)).exitCode, 2);
  assert.match(second.err.join(''), /already exists/);
  assert.is(await readFile(join(dir, 'gateway.config.ts'), 'utf8'), text);
  await rm(dir, { recursive: true });
});

test('init refuses when any config the loader finds exists (package.json "gateway" key)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gateway-init-'));
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'x', gateway: { routes: [] } }));
  const o = io(dir);
  assert.is((await init(o)).exitCode, 2);
  assert.not.ok(existsSync(join(dir, 'gateway.config.ts')));
  await rm(dir, { recursive: true });
});

test('SIGINT-style stop: the in-flight slow request finishes, then exit 0; pretty log lines', async () => {
  const echo = await startEcho();
  const dir = await mkdtemp(join(tmpdir(), 'gateway-dev-'));
  await writeFile(
    join(dir, 'gateway.config.json'),
    JSON.stringify({
      server: { limits: { shutdownGrace: '5s' } },
      upstreams: { echo: echo.url },
      routes: [
        { name: 'echo', match: { path: '/echo/**' }, upstream: 'echo', rewrite: { stripPrefix: '/echo' } },
      ],
    }),
  );
  const o = io(dir);
  const stop = new AbortController();
  let url = '';
  let exit!: (code: number) => void;
  const exited = new Promise<number>((resolve) => {
    exit = resolve;
  });
  const listening = new Promise<void>((resolve) => {
    void dev({
      ...o,
      ui: false,
      log: 'pretty',
      demo: false,
      port: 0,
      signal: stop.signal,
      handleSignals: false,
      onListening: (u) => {
        url = u;
        resolve();
      },
    }).then((result) => exit(result.exitCode));
  });
  await listening;
  assert.match(o.out.join(''), new RegExp(`gateway listening on ${url.replace(/[.]/g, '\\.')}`));

  const slow = send(`${url}/echo/slow?delay=400`);
  await new Promise((r) => setTimeout(r, 100));
  stop.abort();
  const answer = await slow;
  assert.is(answer.status, 200);
  assert.is(await exited, 0);
  // Stopped: nothing listens any more.
  await send(`${url}/echo/x`).then(
    () => assert.unreachable('the gateway still answers after shutdown'),
    (error: NodeJS.ErrnoException) => assert.is(error.code, 'ECONNREFUSED'),
  );
  const line = o.out
    .join('')
    .split('\n')
    .find((l) => l.includes('/echo/slow'));
  assert.ok(line, o.out.join(''));
  assert.match(
    line,
    /^\d\d:\d\d:\d\d\.\d{3} GET +\/echo\/slow\?delay=400 +→ echo +→ 127\.0\.0\.1:\d+ +200 +\d+ms$/,
  );
  await echo.close();
  await rm(dir, { recursive: true });
});

test('dev --demo --no-ui serves /users/1 from the example config', async () => {
  const o = io(tmpdir());
  const stop = new AbortController();
  const result = dev({
    ...o,
    env: { ...o.env, GATEWAY_DEMO_PORTS: 'free' },
    ui: false,
    log: 'pretty',
    demo: true,
    port: 0,
    signal: stop.signal,
    handleSignals: false,
    onListening: async (url) => {
      try {
        const res = await send(`${url}/users/1`);
        assert.is(res.status, 200, res.body);
        const user = JSON.parse(res.body);
        assert.is(user.id, 1);
        assert.match(user.instance, /^users-[12]$/);
        // The fixtures took free ports, and the example config was pointed at them.
        const ports =
          /demo services: users-1 http:\/\/127\.0\.0\.1:(\d+), users-2 http:\/\/127\.0\.0\.1:(\d+)/.exec(
            o.out.join(''),
          );
        assert.ok(ports, o.out.join(''));
        assert.not.ok(['4101', '4102'].includes(ports[1]!) || ['4101', '4102'].includes(ports[2]!));
        assert.is(process.env.GATEWAY_DEMO_PORT_4101, ports[1]);
      } finally {
        stop.abort();
      }
    },
  });
  assert.is((await result).exitCode, 0, o.err.join(''));
  assert.is(process.env.GATEWAY_DEMO_PORT_4101, undefined, 'the variables go when the demo stops');
});

test.run();
