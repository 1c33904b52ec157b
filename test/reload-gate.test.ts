/**
 * The route-test gate of `gateway dev`: a changed config whose tests fail does not serve (the log
 * names the failing case at its line), one whose tests pass does, with the count of known requests
 * that now decide differently; `--no-test-gate` applies it anyway.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEcho } from '../fixtures/http.js';
import { dev } from '../src/commands/dev.js';
import type { GatewayEventBus, GatewayEvents } from '../src/events.js';
import { send } from './proxy-harness.js';

type ReloadEvent =
  | { ok: true; event: GatewayEvents['reload-succeeded'] }
  | { ok: false; event: GatewayEvents['reload-failed'] };

function config(echo: string, usersUpstream: string) {
  return JSON.stringify(
    {
      upstreams: { users: echo, accounts: echo },
      routes: [
        { name: 'users', match: { path: '/users/:id' }, upstream: usersUpstream },
        { name: 'accounts', match: { path: '/accounts/**' }, upstream: 'accounts' },
      ],
      tests: [{ name: 'users stay', request: { url: '/users/7' }, expect: { upstream: 'users' } }],
    },
    null,
    2,
  );
}

async function start(testGate: boolean) {
  const echo = await startEcho();
  const dir = await mkdtemp(join(tmpdir(), 'gw-gate-'));
  const file = join(dir, 'gateway.config.json');
  await writeFile(file, config(echo.url, 'users'));
  const out: string[] = [];
  const stop = new AbortController();
  let events!: GatewayEventBus;
  let url = '';
  const finished = new Promise<void>((resolve, reject) => {
    void dev({
      cwd: dir,
      env: {},
      color: false,
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: (t: string) => out.push(t) },
      ui: false,
      log: 'pretty',
      demo: false,
      port: 0,
      handleSignals: false,
      signal: stop.signal,
      testGate,
      onEvents: (e) => {
        events = e;
      },
      onListening: (u) => {
        url = u;
        resolve();
      },
    }).then((r) => reject(new Error(`exit ${r.exitCode}: ${out.join('')}`)));
  });
  await finished;
  const nextReload = () =>
    new Promise<ReloadEvent>((resolve) => {
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
  return {
    echo,
    file,
    out,
    url: () => url,
    nextReload,
    async close() {
      stop.abort();
      await new Promise((r) => setTimeout(r, 50));
      await echo.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The log so far, once it matches `pattern` (the access log writes lines in batches). */
async function logged(out: readonly string[], pattern: RegExp): Promise<string> {
  for (let i = 0; i < 100 && !pattern.test(out.join('')); i++) await new Promise((r) => setTimeout(r, 20));
  return out.join('');
}

test('a change that breaks a route test is refused, and the log names the case', async () => {
  const gw = await start(true);
  try {
    const reloaded = gw.nextReload();
    await writeFile(gw.file, config(gw.echo.url, 'accounts'));
    const result = await reloaded;
    assert.is(result.ok, false);
    if (result.ok) return;
    assert.is(result.event.failedTests, 1);
    assert.equal(
      result.event.issues.map((i) => [i.path, i.line, i.message]),
      [['tests[0]', 23, 'route test "users stay" fails: expected upstream users, got accounts']],
    );
    const log = await logged(gw.out, /route test failed/);
    assert.match(
      log,
      /gateway\.config\.json changed — 1 route test failed, still serving the previous routes:/,
    );
    assert.match(log, /gateway\.config\.json:23:\d+ {2}tests\[0\] {2}route test "users stay" fails/);
    // Still the old table.
    const answer = await send(`${gw.url()}/users/7`);
    assert.is(answer.status, 200);

    // Saving the serving config again clears the failure (nothing to apply).
    const back = gw.nextReload();
    await writeFile(gw.file, config(gw.echo.url, 'users'));
    const cleared = await back;
    assert.ok(cleared.ok);
    if (cleared.ok) assert.is(cleared.event.diff.routesChanged.length, 0);

    // A change the tests accept is applied, with the count of requests it moves.
    const next = gw.nextReload();
    await writeFile(gw.file, config(gw.echo.url, 'users').replace('/accounts/**', '/accounts/*'));
    const applied = await next;
    assert.ok(applied.ok, JSON.stringify(applied.event));
    if (applied.ok) assert.equal(applied.event.requests, { changed: 1, known: 4 });
    assert.match(
      await logged(gw.out, /decide differently/),
      /reloaded .*~ route "accounts"; 1 of 4 known requests decide differently/,
    );
  } finally {
    await gw.close();
  }
});

test('--no-test-gate applies the change and still counts what moved', async () => {
  const gw = await start(false);
  try {
    const reloaded = gw.nextReload();
    await writeFile(gw.file, config(gw.echo.url, 'accounts'));
    const result = await reloaded;
    assert.ok(result.ok);
    if (result.ok) assert.equal(result.event.requests, { changed: 2, known: 3 });
  } finally {
    await gw.close();
  }
});

test.run();
