/** The reload applier without files or sockets: swaps on change, skips no-ops, keeps the table on failure. */
import { tmpdir } from 'node:os';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveConfig } from '../src/config/resolve.js';
import { createEventBus, type GatewayEvents } from '../src/events.js';
import { compileTable, type RouteTable } from '../src/pipeline/table.js';
import { createReloader, summarizeDiff } from '../src/reload/index.js';
import type { Result } from '../src/config/issues.js';
import type { LoadedTable } from '../src/reload/applier.js';

async function table(config: unknown): Promise<RouteTable> {
  const resolved = resolveConfig(config, { dir: tmpdir() });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.issues));
  const compiled = await compileTable(resolved.config);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
  return compiled.table;
}

const base = {
  upstreams: { a: 'http://127.0.0.1:1', b: 'http://127.0.0.1:2' },
  routes: [
    { name: 'one', match: { path: '/one' }, upstream: 'a' },
    { name: 'two', match: { path: '/two' }, upstream: 'a' },
  ],
};

function harness(first: RouteTable) {
  let current = first;
  let next: Result<LoadedTable> = { ok: true, table: first, file: '/x/gateway.config.ts', dependencies: [] };
  const events = createEventBus();
  const seen: (GatewayEvents['reload-succeeded'] | GatewayEvents['reload-failed'])[] = [];
  events.on('reload-succeeded', (e) => seen.push(e));
  events.on('reload-failed', (e) => seen.push(e));
  const reloader = createReloader({
    load: async () => next,
    current: () => current,
    apply: (t) => {
      current = t;
    },
    watch: () => {},
    events,
    configFile: '/x/gateway.config.ts',
    files: [],
  });
  return {
    reloader,
    seen,
    get current() {
      return current;
    },
    set next(value: Result<LoadedTable>) {
      next = value;
    },
  };
}

test('a change swaps the table and reports the diff by name', async () => {
  const h = harness(await table(base));
  const changed = await table({
    ...base,
    upstreams: { a: 'http://127.0.0.1:1', c: 'http://127.0.0.1:3' },
    routes: [
      { name: 'one', match: { path: '/one' }, upstream: 'c' },
      { name: 'three', match: { path: '/three' }, upstream: 'a' },
    ],
  });
  h.next = { ok: true, table: changed, file: '/x/gateway.config.ts', dependencies: [] };
  await h.reloader.reload(['/x/gateway.config.ts']);
  assert.is(h.current, changed);
  const event = h.seen[0] as GatewayEvents['reload-succeeded'];
  assert.equal(event.diff, {
    routesAdded: ['three'],
    routesRemoved: ['two'],
    routesChanged: ['one'],
    upstreamsAdded: ['c'],
    upstreamsRemoved: ['b'],
    upstreamsChanged: [],
  });
  assert.is(event.routes, 2);
  assert.is(
    summarizeDiff(event.diff),
    '+ route "three", ~ route "one", - route "two", + upstream "c", - upstream "b"',
  );
});

test('a change that resolves to the same config is skipped', async () => {
  const first = await table(base);
  const h = harness(first);
  h.next = { ok: true, table: await table(base), file: '/x/gateway.config.ts', dependencies: [] };
  await h.reloader.reload(['/x/gateway.config.ts']);
  assert.is(h.current, first);
  assert.is(h.seen.length, 0);
});

test('a manual reload always swaps, even without changes', async () => {
  const h = harness(await table(base));
  const same = await table(base);
  h.next = { ok: true, table: same, file: '/x/gateway.config.ts', dependencies: [] };
  await h.reloader.reload();
  assert.is(h.current, same);
  assert.is(h.seen.length, 1);
});

test('a failed load keeps the table and reports the issues', async () => {
  const first = await table(base);
  const h = harness(first);
  const issues = [
    {
      path: 'routes[0].upstream',
      message: '"z" is not defined',
      file: '/x/gateway.config.ts',
      line: 4,
      column: 5,
    },
  ];
  h.next = { ok: false, issues };
  await h.reloader.reload(['/x/gateway.config.ts']);
  assert.is(h.current, first);
  assert.equal(h.seen, [{ file: '/x/gateway.config.ts', issues }]);
});

test('the event bus: listeners in order, unsubscribe, wants(), a throwing listener is contained', () => {
  const errors: unknown[] = [];
  const bus = createEventBus((e) => errors.push(e));
  assert.is(bus.wants('listening'), false);
  const calls: string[] = [];
  const off = bus.on('listening', (e) => calls.push(`a ${e.url}`));
  bus.on('listening', () => {
    throw new Error('boom');
  });
  bus.on('listening', (e) => calls.push(`c ${e.url}`));
  assert.is(bus.wants('listening'), true);
  bus.emit('listening', { url: 'u' });
  off();
  bus.emit('listening', { url: 'v' });
  assert.equal(calls, ['a u', 'c u', 'c v']);
  assert.is(errors.length, 2);
});

test.run();
