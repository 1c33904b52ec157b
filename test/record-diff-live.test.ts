/**
 * The whole workflow, live: demo traffic through `gateway dev --record` (the fixtures and the
 * gateway on free ports), replayed by `gateway test` (all pass), a config edit that moves one
 * route, `gateway diff` reporting exactly the moved requests, and the same edit made while
 * `gateway dev` runs in a real terminal (tmux) refused by the test gate, the UI naming the case.
 * Needs `dist/` (`npm run build`) for the tmux part.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEMO_PORTS, mintToken, type RunningFixtures, startAllFixtures } from '../fixtures/index.js';
import { dev } from '../src/commands/dev.js';
import { diff } from '../src/commands/diff.js';
import { runTests } from '../src/commands/test.js';
import { send } from './proxy-harness.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOCKET = `gateway-record-e2e-${process.pid}`;
const MOVE = {
  from: "allowEncodedSlashes: true },\n      upstream: 'echo',",
  to: "allowEncodedSlashes: true },\n      upstream: 'users',",
};

let fixtures: RunningFixtures;
let dir: string;

function buffers(cwd: string, env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  return {
    cwd,
    env: { ...process.env, ...env },
    color: false,
    out,
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => out.push(t) },
  };
}

/** The example config pointed at the running fixtures (their ports are free ones, not the demo's). */
function demoConfig(source: string): string {
  const s = fixtures.services;
  const ports: [number, number][] = [
    ...DEMO_PORTS.users.map((p, i) => [p, s.users[i]!.port] as [number, number]),
    ...DEMO_PORTS.orders.map((p, i) => [p, s.orders[i]!.port] as [number, number]),
    [DEMO_PORTS.echo, s.echo.port],
    [DEMO_PORTS.products, s.products.port],
    [DEMO_PORTS.inventory, s.inventory.port],
    [DEMO_PORTS.auth, s.auth.port],
  ];
  let out = source.replace("from 'gateway'", `from '${join(ROOT, 'src/index.ts')}'`);
  for (const [demo, real] of ports) out = out.replaceAll(`127.0.0.1:${demo}`, `127.0.0.1:${real}`);
  return out;
}

test.before(async () => {
  fixtures = await startAllFixtures({ ports: 'random' });
  dir = await mkdtemp(join(tmpdir(), 'gw-record-live-'));
  await symlink(join(ROOT, 'fixtures'), join(dir, 'fixtures'));
  const example = await readFile(join(ROOT, 'gateway.config.example.ts'), 'utf8');
  assert.ok(example.includes(MOVE.from), 'the example config no longer has the files route this test moves');
  await writeFile(join(dir, 'gateway.config.ts'), demoConfig(example));
});

test.after(async () => {
  try {
    execFileSync('tmux', ['-L', SOCKET, 'kill-server'], { stdio: 'ignore' });
  } catch {
    // Not started, or already gone.
  }
  await fixtures?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('record demo traffic, replay it, diff a moved route, and the test gate refuses the move', async () => {
  // 1. Record.
  const token = await mintToken({ scope: 'orders:read' });
  const recording = buffers(dir);
  const stop = new AbortController();
  let url = '';
  const finished = new Promise<number>((resolveExit) => {
    void dev({
      ...recording,
      ui: false,
      log: 'pretty',
      demo: false,
      port: 0,
      handleSignals: false,
      signal: stop.signal,
      record: 'recorded.gateway-test.yaml',
      onListening: (u) => {
        url = u;
      },
    }).then((r) => resolveExit(r.exitCode));
  });
  for (let i = 0; i < 200 && url === ''; i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(url, recording.out.join(''));
  const traffic: [string, Record<string, string>?][] = [
    ['/users/1'],
    ['/users/2'],
    ['/users/1'],
    ['/v1/products/42'],
    ['/orders/1', { authorization: `Bearer ${token}` }],
    ['/orders/1'],
    ['/files/report.txt'],
    ['/files/a%2Fb.txt'],
    ['/echo/hello?x=1'],
    ['/health'],
    ['/nope'],
  ];
  for (const [path, headers] of traffic) await send(`${url}${path}`, { headers });
  stop.abort();
  assert.is(await finished, 0);
  const recorded = join(dir, 'recorded.gateway-test.yaml');
  const text = await readFile(recorded, 'utf8');
  assert.not.match(text, token);
  assert.match(text, 'authorization: ${GATEWAY_RECORD_AUTHORIZATION}');
  assert.is(text.match(/^- request:/gm)?.length, 10, text);

  // 2. Replay: every recorded case passes, credentials from the environment.
  const replay = buffers(dir, { GATEWAY_RECORD_AUTHORIZATION: `Bearer ${token}` });
  const run = await runTests({ ...replay, files: [recorded], reporter: 'json' });
  assert.is(run.exitCode, 0, replay.out.join(''));
  assert.is(run.run?.failed, 0);
  assert.is(run.run?.results.filter((r) => r.case.file === recorded).length, 10);

  // 3. Move the files route to another upstream; diff reports exactly the /files requests.
  const original = await readFile(join(dir, 'gateway.config.ts'), 'utf8');
  await writeFile(join(dir, 'base.config.ts'), original);
  await writeFile(join(dir, 'gateway.config.ts'), original.replace(MOVE.from, MOVE.to));
  const diffed = buffers(dir);
  const result = await diff({ ...diffed, baseConfig: 'base.config.ts', json: true, failOnChange: true });
  assert.is(result.exitCode, 1, diffed.out.join(''));
  const doc = JSON.parse(diffed.out.join(''));
  assert.equal(
    doc.groups.map((g: { change: string }) => g.change),
    ['upstream: echo → users'],
  );
  const moved = doc.groups[0].requests.map((r: { url: string; source: string }) => `${r.url} ${r.source}`);
  // Every /files request moved (the config's own case, both recorded ones, the route's sample); nothing else.
  assert.ok(moved.length >= 4, moved.join('\n'));
  assert.ok(
    moved.every((m: string) => m.startsWith('/files')),
    moved.join('\n'),
  );
  assert.ok(moved.includes('/files/report.txt recorded.gateway-test.yaml [5]'), moved.join('\n'));
  assert.ok(moved.includes('/files/a%2Fb.txt recorded.gateway-test.yaml [6]'), moved.join('\n'));
  assert.ok(moved.includes('/files sample of route "files"'), moved.join('\n'));
  assert.ok(
    moved.some((m: string) => /^\/files\/a%2Fb\.txt gateway\.config\.ts tests\[\d+\]$/.test(m)),
    moved.join('\n'),
  );

  // 4. The same edit while `gateway dev` runs in a terminal: refused, the banner names the cases.
  if (!existsSync(join(ROOT, 'dist/cli.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  await writeFile(join(dir, 'gateway.config.ts'), original);
  const command = `'${process.execPath}' '${join(ROOT, 'bin/gateway.js')}' dev --port 0 --record recorded.gateway-test.yaml; echo EXIT=$?; sleep 60`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
  tmux('new-session', '-d', '-s', 'gate', '-x', '140', '-y', '40', '-c', dir, command);
  const screen = () => tmux('capture-pane', '-p', '-t', 'gate');
  const until = async (check: (s: string) => boolean, what: string) => {
    let last = '';
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
      last = screen();
      if (check(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the screen never showed ${what}; it shows:\n${last}`);
  };
  await until((s) => s.includes('gateway listening on') && s.includes('REQUESTS'), 'the listening screen');
  await writeFile(join(dir, 'gateway.config.ts'), original.replace(MOVE.from, MOVE.to));
  const refused = await until((s) => s.includes('route tests failed'), 'the refused reload');
  assert.match(refused, /reload failed/);
  assert.match(
    refused,
    /gateway\.config\.ts changed — 2 route tests failed, still serving the previous routes:/,
  );
  assert.match(
    refused,
    /recorded\.gateway-test\.yaml:\d+:\d+ +\[5\] +route test "GET \/files\/report\.txt" fails: expected upstream echo, got users/,
  );
  tmux('send-keys', '-t', 'gate', 'q');
  await until((s) => s.includes('EXIT=0'), 'exit 0 after q');
});

test.run();
