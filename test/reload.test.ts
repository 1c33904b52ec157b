/**
 * Live reload against a real config file: 20 edits while a client keeps sending requests, an
 * invalid edit, an edit of a module the config imports, and a request in flight across a swap.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEcho } from '../fixtures/http.js';
import type { RunningFixture } from '../fixtures/listen.js';
import { dev } from '../src/commands/dev.js';
import type { GatewayEventBus, GatewayEvents } from '../src/events.js';
import { send } from './proxy-harness.js';

let echo: RunningFixture;
let dir: string;
let file: string;
let url: string;
let events: GatewayEventBus;
const stop = new AbortController();
let running: ReturnType<typeof dev>;
const output: string[] = [];

/** A config whose one changing route is `/v<n>/**` (plus `stable`, in every version). */
function configText(version: number, extra = ''): string {
  return `import { timeout } from './settings.ts';
export default {
  server: { limits: { shutdownGrace: '2s' } },
  upstreams: { echo: '${echo.url}' },
  routes: [
    { name: 'stable', match: { path: '/stable/**' }, upstream: 'echo', timeout },
    { name: 'v${version}', match: { path: '/v${version}/**' }, upstream: 'echo' },${extra}
  ],
};
`;
}

type Reloaded =
  | { ok: true; event: GatewayEvents['reload-succeeded'] }
  | { ok: false; event: GatewayEvents['reload-failed'] };

/** The next reload event (success or failure). */
function nextReload(): Promise<Reloaded> {
  return new Promise((resolve) => {
    const offs = [
      events.on('reload-succeeded', (event) => {
        for (const off of offs) off();
        resolve({ ok: true, event });
      }),
      events.on('reload-failed', (event) => {
        for (const off of offs) off();
        resolve({ ok: false, event });
      }),
    ];
  });
}

test.before(async () => {
  echo = await startEcho();
  dir = await mkdtemp(join(tmpdir(), 'gateway-reload-'));
  file = join(dir, 'gateway.config.ts');
  await writeFile(join(dir, 'settings.ts'), `export const timeout = '5s';\n`);
  await writeFile(file, configText(0));
  const listening = new Promise<string>((resolve) => {
    running = dev({
      cwd: dir,
      stdout: { write: (text: string) => output.push(text) },
      stderr: { write: (text: string) => output.push(text) },
      env: process.env,
      color: false,
      config: file,
      port: 0,
      ui: false,
      log: 'json',
      demo: false,
      signal: stop.signal,
      handleSignals: false,
      onEvents: (bus) => {
        events = bus;
      },
      onListening: resolve,
    });
  });
  url = await listening;
});

test.after(async () => {
  stop.abort();
  assert.equal(await running, { exitCode: 0 });
  await echo.close();
  await rm(dir, { recursive: true, force: true });
});

test('20 edits while a client keeps sending: every request succeeds, every change is live', async () => {
  let sending = true;
  const statuses: number[] = [];
  const client = (async () => {
    while (sending) statuses.push((await send(`${url}/stable/x`)).status);
  })();

  for (let version = 1; version <= 20; version++) {
    const reloaded = nextReload();
    const written = performance.now();
    await writeFile(file, configText(version));
    const result = await reloaded;
    const liveAfter = performance.now() - written;
    assert.ok(result.ok, JSON.stringify(result.event));
    if (!result.ok) return;
    assert.ok(liveAfter < 1000, `edit ${version} took ${Math.round(liveAfter)}ms to go live`);
    assert.equal(result.event.diff.routesAdded, [`v${version}`]);
    assert.equal(result.event.diff.routesRemoved, [`v${version - 1}`]);
    assert.is(result.event.routes, 2);
    assert.is((await send(`${url}/v${version}/x`)).status, 200);
    assert.is((await send(`${url}/v${version - 1}/x`)).status, 404);
  }
  sending = false;
  await client;
  assert.ok(statuses.length > 20, `only ${statuses.length} requests were sent`);
  assert.ok(
    statuses.every((s) => s === 200),
    `failed: ${statuses.filter((s) => s !== 200)}`,
  );
});

test('an invalid edit is reported with file and line, and the old routes keep serving', async () => {
  const reloaded = nextReload();
  await writeFile(
    file,
    configText(20, `\n    { name: 'broken', match: { path: '/broken' }, upstream: 'nope' },`),
  );
  const result = await reloaded;
  assert.is(result.ok, false);
  if (result.ok) return;
  const issue = result.event.issues[0]!;
  assert.is(issue.file, file);
  assert.match(issue.message, /nope/);
  assert.type(issue.line, 'number');
  assert.is((await send(`${url}/v20/x`)).status, 200);

  const recovered = nextReload();
  await writeFile(file, configText(21));
  const back = await recovered;
  assert.ok(back.ok);
  assert.is((await send(`${url}/v21/x`)).status, 200);
});

test('a syntax error keeps the old table too', async () => {
  const reloaded = nextReload();
  await writeFile(file, 'export default { routes: [ \n');
  assert.is((await reloaded).ok, false);
  assert.is((await send(`${url}/v21/x`)).status, 200);
  const recovered = nextReload();
  await writeFile(file, configText(22));
  assert.ok((await recovered).ok);
});

test('editing a module the config imports reloads too', async () => {
  const reloaded = nextReload();
  await writeFile(join(dir, 'settings.ts'), `export const timeout = '7s';\n`);
  const result = await reloaded;
  assert.ok(result.ok);
  if (result.ok) assert.equal(result.event.diff.routesChanged, ['stable']);
});

test('a request in flight finishes on the table it started with', async () => {
  const slow = send(`${url}/v22/x?delay=400`);
  // Let the request reach the upstream before the route disappears.
  await new Promise((r) => setTimeout(r, 100));
  const reloaded = nextReload();
  await writeFile(file, configText(23));
  assert.ok((await reloaded).ok);
  assert.is((await send(`${url}/v22/x`)).status, 404);
  assert.is((await slow).status, 200);
});

test('the json log has one object per line for requests and reloads', async () => {
  await new Promise((r) => setImmediate(r));
  const lines = output
    .join('')
    .split('\n')
    .filter((l) => l.startsWith('{'));
  const parsed = lines.map((l) => JSON.parse(l));
  const reload = parsed.find((l) => l.type === 'reload');
  assert.ok(reload);
  assert.is(reload.ok, true);
  const failed = parsed.find((l) => l.type === 'reload-failed');
  assert.ok(failed);
  const request = parsed.find((l) => l.type === 'request' && l.url === '/v21/x');
  assert.ok(request);
  assert.is(request.route, 'v21');
  assert.is(request.upstream, 'echo');
  assert.is(request.upstreamPath, '/v21/x');
  assert.is(request.status, 200);
  assert.equal(request.auth, { result: 'public' });
});

test.run();
