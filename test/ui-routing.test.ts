// The UI and the log show the route table: failed mirror copies are counted (they never change an
// answer, so nothing else shows them), a split's side and reason show in the request list, and the
// JSON log line carries the split, the mirror and a redirect's Location.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { jsonRequestLine } from '../src/log/json.js';
import type { Decision } from '../src/pipeline/types.js';
import { headerSegments } from '../src/ui/present/header.js';
import { targetCell } from '../src/ui/present/request.js';
import { applyEvent, createUiState } from '../src/ui/store/store.js';

const event = (ok: boolean) => ({
  route: 'r',
  upstream: 'shadow',
  target: '127.0.0.1:1',
  ok,
  status: ok ? 200 : 0,
  durationMs: 1,
});

test('failed mirror copies are counted and shown in the header; successes are not', () => {
  const state = createUiState({ now: () => 0 });
  const text = () =>
    headerSegments(state, 'gateway listening', undefined, 3, '/')
      .map((s) => s.text)
      .join('');
  assert.not.match(text(), 'mirror');
  applyEvent(state, 'mirror-finished', event(true), 0);
  assert.is(state.mirrorFailures, 0);
  applyEvent(state, 'mirror-finished', event(false), 0);
  applyEvent(state, 'mirror-finished', event(false), 0);
  assert.is(state.mirrorFailures, 2);
  assert.match(text(), '  ·  2 mirror failures');
});

test("the request list names the split side and why, then the balancer's reason", () => {
  const decision = {
    request: { method: 'GET', path: '/orders/1', query: '', host: 'localhost' },
    action: 'forward',
    upstream: 'orders-v2',
    split: { upstream: 'orders-v2', reason: 'pinned by header x-canary=orders-v2' },
    target: {
      id: '127.0.0.1:4211',
      url: 'http://127.0.0.1:4211',
      reason: 'round-robin: 1st of 1',
      skipped: [],
    },
    trace: [],
  } satisfies Decision;
  const request = {
    id: 1,
    method: 'GET',
    url: '/orders/1',
    at: 0,
    status: 200,
    durationMs: 1,
    bytes: 2,
    decision,
    target: '127.0.0.1:4211',
  };
  assert.equal(targetCell(request), {
    text: '127.0.0.1:4211 orders-v2 (pinned by header x-canary=orders-v2) round-robin: 1st of 1',
  });
});

test("the JSON log line names the split side, the mirror and a redirect's Location", () => {
  const target = {
    id: '127.0.0.1:4211',
    url: 'http://127.0.0.1:4211',
    reason: 'round-robin: 1st of 1',
    skipped: [],
  };
  const forwarded = {
    request: { method: 'GET', path: '/o', query: '', host: 'localhost' },
    action: 'forward',
    upstream: 'orders-v2',
    split: { upstream: 'orders-v2', reason: 'weight 10 of 100 (roll 95.0)' },
    mirror: { upstream: 'shadow', target: { ...target, id: '127.0.0.1:4911' }, maxBody: 1024 },
    target,
    trace: [],
  } satisfies Decision;
  const redirected = {
    request: { method: 'GET', path: '/old', query: '', host: 'localhost' },
    action: 'respond',
    status: 308,
    response: { status: 308, headers: { location: 'https://localhost/new' }, body: '' },
    trace: [],
  } satisfies Decision;
  const line = (decision: Decision) =>
    JSON.parse(
      jsonRequestLine(
        {
          id: 1,
          method: 'GET',
          url: '/o',
          at: 0,
          status: 200,
          durationMs: 1,
          bytes: 0,
          decision,
          target: undefined,
        },
        undefined,
      ),
    );
  const a = line(forwarded);
  assert.is(a.split, 'orders-v2: weight 10 of 100 (roll 95.0)');
  assert.is(a.mirror, 'shadow 127.0.0.1:4911');
  assert.is(line(redirected).location, 'https://localhost/new');
  assert.is(line(redirected).split, undefined);
});

test.run();
