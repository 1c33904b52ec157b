/** The UI store: a bounded ring, per-route counters with a bounded median window, reload state, the filter and the list window. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createEventBus, type GatewayEvents } from '../src/events.js';
import { Ring } from '../src/ui/store/ring.js';
import { medianDuration, RECENT_DURATIONS } from '../src/ui/store/route-stats.js';
import { colors } from '../src/format/color.js';
import { traceLines } from '../src/ui/present/trace.js';
import {
  applyEvent,
  clearRequests,
  createUiState,
  DETAILED,
  NO_ROUTE,
  subscribeState,
} from '../src/ui/store/store.js';
import { compileFilter } from '../src/ui/view/filter.js';
import { listWindow, stepSelection } from '../src/ui/view/window.js';
import { demoTable, recordSession, T0 } from './ui-support.js';

type Finished = GatewayEvents['request-finished'];

test('ring: keeps the newest `capacity` items with stable sequence numbers; clear forgets them', () => {
  const ring = new Ring<string>(3);
  assert.is(ring.length, 0);
  for (const item of ['a', 'b', 'c', 'd', 'e']) ring.push(item);
  assert.is(ring.length, 3);
  assert.equal([ring.oldestSeq, ring.newestSeq], [3, 5]);
  assert.equal([ring.at(2), ring.at(3), ring.at(5), ring.at(6)], [undefined, 'c', 'e', undefined]);
  ring.clear();
  assert.is(ring.length, 0);
  ring.push('f');
  assert.equal([ring.length, ring.at(6), ring.at(5)], [1, 'f', undefined]);
});

test('100,000 finished requests keep memory bounded: 1,000 kept, one counter set per route, a fixed median window', async () => {
  const table = await demoTable();
  const session = await recordSession(table);
  const bus = createEventBus();
  const state = createUiState({ now: () => T0 });
  const off = subscribeState(state, bus, () => T0);
  const heapBefore = process.memoryUsage().heapUsed;
  for (let i = 0; i < 100_000; i++) {
    const recorded = session[i % session.length]!;
    bus.emit('request-finished', { ...recorded, id: i, durationMs: i % 100 });
  }
  off();
  assert.is(state.requests.length, 1000);
  assert.is(state.requests.newestSeq, 100_000);
  assert.is(state.requests.oldestSeq, 99_001);
  assert.equal([...state.routes.keys()].sort(), ['echo', 'orders', 'products', 'users', NO_ROUTE].sort());
  const users = state.routes.get('users')!;
  // Two of every six requests go to `users`: 16,666 full rounds plus the first two of the last four.
  assert.is(users.hits, 16_666 * 2 + 2);
  assert.is(users.durations.length, RECENT_DURATIONS);
  assert.is(state.routes.get('echo')!.errors, state.routes.get('echo')!.hits, 'every echo answer was a 502');
  // A generous ceiling: holding 100,000 events would take far more than this.
  const grown = process.memoryUsage().heapUsed - heapBefore;
  assert.ok(grown < 64 * 1024 * 1024, `heap grew ${grown} bytes`);
});

test('only the last DETAILED requests keep their trace and capture; older rows keep what the list shows', async () => {
  const table = await demoTable();
  const session = await recordSession(table);
  const state = createUiState({ now: () => T0 });
  const capture = {
    httpVersion: '1.1',
    requestHeaders: { 'x-a': '1' },
    requestBody: undefined,
    responseHeaders: { 'content-type': 'application/json' },
    statusMessage: 'OK',
    responseBody: { size: 2, data: Buffer.from('{}') },
    waitMs: 3,
  };
  const total = DETAILED + 50;
  for (let i = 0; i < total; i++) {
    const recorded = session[i % session.length]!;
    applyEvent(state, 'request-finished', { ...recorded, id: i, capture }, T0);
  }
  const users = session.findIndex((r) => r.decision?.route?.name === 'users');
  const old = state.requests.at(users + 1)!;
  assert.ok(old.trimmed);
  assert.is(old.capture, undefined);
  assert.equal(old.decision?.trace, []);
  // What the row shows survives: method, URL, status, route, target, auth.
  assert.is(old.url, session[users]!.url);
  assert.is(old.status, session[users]!.status);
  assert.equal(old.decision?.route, session[users]!.decision?.route);
  assert.equal(old.decision?.target, session[users]!.decision?.target);
  assert.equal(old.decision?.auth, session[users]!.decision?.auth);
  assert.match(traceLines(old, colors(false)).join('\n'), /kept for the last 100 requests only/);
  // The newest DETAILED are whole.
  for (let seq = total - DETAILED + 1; seq <= total; seq++) {
    const kept = state.requests.at(seq)!;
    assert.not.ok(kept.trimmed, `seq ${seq}`);
    assert.ok(kept.capture);
  }
  assert.not.ok(state.requests.at(total - DETAILED)?.capture);
});

test('median of the recent durations only', () => {
  const state = createUiState();
  const base = { id: 0, method: 'GET', url: '/a', at: 0, status: 200, bytes: 0, target: undefined };
  const decision = {
    request: { method: 'GET', path: '/a', query: '', host: '' },
    action: 'forward',
    route: { name: 'a', index: 0 },
    trace: [],
  } as const;
  for (let i = 0; i < 1000; i++)
    applyEvent(state, 'request-finished', { ...base, durationMs: 1000, decision } as Finished, 0);
  for (let i = 0; i < RECENT_DURATIONS; i++)
    applyEvent(state, 'request-finished', { ...base, durationMs: 2, decision } as Finished, 0);
  assert.is(medianDuration(state.routes.get('a')!), 2);
  assert.is(state.routes.get('a')!.hits, 1000 + RECENT_DURATIONS);
});

test('reload state: a failure stays until a success; removed routes lose their counters; clear resets', async () => {
  const table = await demoTable();
  const state = createUiState({ now: () => T0 });
  for (const event of await recordSession(table)) applyEvent(state, 'request-finished', event, 0);
  const issue = {
    path: 'routes[0].upstream',
    message: 'nope',
    file: '/x/gateway.config.ts',
    line: 3,
    column: 5,
  };
  applyEvent(state, 'reload-failed', { file: '/x/gateway.config.ts', issues: [issue] }, T0);
  assert.is(state.failedReload?.event.issues[0], issue);
  applyEvent(
    state,
    'target-health',
    { upstream: 'users', target: '127.0.0.1:4101', healthy: false, kind: 'ejected', reason: '3 errors' },
    T0,
  );
  assert.ok(state.failedReload !== undefined, 'a health event does not clear the error');
  const diff = {
    routesAdded: [],
    routesRemoved: ['echo'],
    routesChanged: [],
    upstreamsAdded: [],
    upstreamsRemoved: [],
    upstreamsChanged: [],
  };
  applyEvent(
    state,
    'reload-succeeded',
    { file: '/x/gateway.config.ts', routes: 11, diff, durationMs: 12 },
    T0 + 1,
  );
  assert.is(state.failedReload, undefined);
  assert.is(state.lastReload?.ok, true);
  assert.not.ok(state.routes.has('echo'));
  const version = state.version;
  clearRequests(state);
  assert.equal([state.requests.length, state.routes.size], [0, 0]);
  assert.ok(state.version > version);
});

test('filter: status, status class, path or route substring; window and selection follow it', async () => {
  const table = await demoTable();
  const state = createUiState();
  for (const event of await recordSession(table)) applyEvent(state, 'request-finished', event, 0);
  const seqs = (text: string) =>
    listWindow(state.requests, compileFilter(text), 10, undefined, undefined).seqs;
  assert.equal(seqs(''), [1, 2, 3, 4, 5, 6]);
  assert.equal(seqs('404'), [5]);
  assert.equal(seqs('4xx'), [4, 5]);
  assert.equal(seqs('USERS'), [1, 2]);
  assert.equal(seqs('products'), [3]);
  // Two rows of room around the selected third request; paused after the fifth.
  assert.equal(listWindow(state.requests, compileFilter(''), 2, 3, undefined).seqs, [2, 3]);
  assert.equal(listWindow(state.requests, compileFilter(''), 10, undefined, 5).hiddenByPause, 1);
  const all = compileFilter('');
  assert.is(stepSelection(state.requests, all, undefined, -1, undefined), 6);
  assert.is(stepSelection(state.requests, all, 6, -1, undefined), 5);
  assert.is(stepSelection(state.requests, all, 1, -1, undefined), 1);
  assert.is(stepSelection(state.requests, compileFilter('users'), 2, -1, undefined), 1);
  assert.is(stepSelection(state.requests, all, undefined, -1, 4), 4);
});

test.run();
