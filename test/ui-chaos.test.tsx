/**
 * Chaos mode and rate-limit buckets in the real App: `f` on a selected request switches chaos mode
 * on its route in the route state the pipeline reads (the header and the routes panel say so, and
 * the next decision of that route draws from the chaos policy); buckets show their fill under
 * their route.
 */
import { render } from 'ink-testing-library';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createEventBus, type GatewayEvents } from '../src/events.js';
import { createRouteRuntime } from '../src/pipeline/route-state.js';
import type { RouteTable } from '../src/pipeline/table.js';
import { App } from '../src/ui/components/App.js';
import { fillBar } from '../src/ui/present/buckets.js';
import { initialView, reduceKey } from '../src/ui/view/keys.js';
import { createUiState, subscribeState } from '../src/ui/store/store.js';
import { decideUrl } from './policy-support.js';
import { demoTable, recordSession, T0 } from './ui-support.js';

const UP = '\u001b[A';
let table: RouteTable;
let session: GatewayEvents['request-finished'][];

test.before(async () => {
  table = await demoTable();
  session = await recordSession(table);
});

test('f without a selected request does nothing; with one it asks for chaos', () => {
  const nav = { step: () => 3, newest: 6, pageSize: 10 };
  assert.is(reduceKey(initialView, { name: 'char', char: 'f' }, nav).effect, undefined);
  assert.is(reduceKey({ ...initialView, selected: 3 }, { name: 'char', char: 'f' }, nav).effect, 'chaos');
});

test('the bucket fill bar', () => {
  assert.is(fillBar(5, 5), '█████ 5/5');
  assert.is(fillBar(2.7, 5), '██░░░ 2/5');
  assert.is(fillBar(0.4, 20), '░░░░░ 0/20');
});

test('f toggles chaos on the selected route: header, routes panel and the pipeline all see it', async () => {
  const events = createEventBus();
  const state = createUiState({ now: () => T0 });
  const off = subscribeState(state, events, () => T0);
  const routeState = createRouteRuntime({ consume: true });
  const usersPolicy = { requests: 10, per: 60_000, burst: 5, key: { kind: 'ip' as const } };
  routeState.buckets.draw('users', 'ip 127.0.0.1', usersPolicy, Date.now(), true);
  routeState.buckets.draw('users', 'ip 127.0.0.1', usersPolicy, Date.now(), true);
  const app = render(
    <App
      state={state}
      getTable={() => table}
      listeningLine="gateway listening on http://127.0.0.1:8080"
      color={false}
      cwd={process.cwd()}
      quit={() => undefined}
      reload={async () => undefined}
      size={{ width: 120, height: 40 }}
      frameMs={5}
      routeState={routeState}
    />,
  );
  const until = async (check: (frame: string) => boolean, what: string) => {
    for (let i = 0; i < 400; i++) {
      const frame = app.lastFrame() ?? '';
      if (check(frame)) return frame;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`the screen never showed ${what}:\n${app.lastFrame()}`);
  };
  const press = async (key: string) => {
    app.stdin.write(key);
    await new Promise((resolve) => setTimeout(resolve, 10));
  };
  try {
    for (const event of session) events.emit('request-finished', event);
    const first = await until((f) => f.includes('/echo/hello?x=1'), 'the requests');
    assert.match(first, /└ ip 127\.0\.0\.1\s+███░░ 3\/5/);
    // The oldest request is /users/1: select it and switch chaos on its route.
    for (let i = 0; i < 6; i++) await press(UP);
    await until(
      (f) => (f.split('\n').find((l) => l.includes(' /users/1 ')) ?? '').startsWith('›'),
      '/users/1 selected',
    );
    await press('f');
    const on = await until((f) => f.includes('↯ chaos on users'), 'the chaos mark in the header');
    assert.match(on, /↯users\s+GET,HEAD \/users\/\*\*/);
    assert.equal(routeState.chaos.routes(), ['users']);
    const decision = await decideUrl(table, '/users/7', { routeState, random: () => 0.01 });
    assert.is(decision.status, 503);
    assert.is(decision.fault?.source, 'chaos');
    await press('f');
    await until((f) => !f.includes('↯ chaos'), 'chaos off');
    assert.equal(routeState.chaos.routes(), []);
  } finally {
    off();
    app.unmount();
  }
});

test.run();
