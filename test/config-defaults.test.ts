/**
 * `defaults`: every defaultable route and upstream option follows one precedence rule —
 * the route's (upstream's) own value > `defaults` > the built-in default — and the resolved
 * config says which values came from `defaults`.
 */
import { tmpdir } from 'node:os';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveConfig } from '../src/config/resolve.js';
import { DEFAULTABLE_ROUTE_KEYS, DEFAULTABLE_UPSTREAM_KEYS } from '../src/config/schema/index.js';

function resolve(config: unknown) {
  const result = resolveConfig(config, { dir: tmpdir() });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

const base = {
  upstreams: {
    plain: 'http://127.0.0.1:4001',
    own: { targets: ['http://127.0.0.1:4002'], timeouts: { response: '3s' } },
  },
  auth: {
    k: { type: 'api-key', header: 'x-key', keys: [{ name: 'a', key: 'a-very-long-test-key-0123456789' }] },
  },
};

const withDefaults = resolve({
  ...base,
  defaults: {
    auth: 'k',
    timeout: '7s',
    websocket: true,
    methodNotAllowed: false,
    cors: { origins: ['http://app.test'] },
    upstream: { timeouts: { response: '9s' }, retries: { attempts: 2 }, changeOrigin: false },
  },
  routes: [
    { name: 'bare', match: { path: '/a' }, upstream: 'plain' },
    {
      name: 'own',
      match: { path: '/b' },
      upstream: 'own',
      auth: false,
      timeout: '1s',
      websocket: false,
      methodNotAllowed: true,
      cors: false,
    },
  ],
});
const builtIn = resolve({ ...base, routes: [{ name: 'bare', match: { path: '/a' }, upstream: 'plain' }] });

// [what, value with defaults and nothing on the route, value when the route sets it, built-in value]
const table: [string, unknown, unknown, unknown][] = [
  [
    'route timeout',
    withDefaults.routes[0]!.timeout,
    withDefaults.routes[1]!.timeout,
    builtIn.routes[0]!.timeout,
  ],
  [
    'route websocket',
    withDefaults.routes[0]!.websocket,
    withDefaults.routes[1]!.websocket,
    builtIn.routes[0]!.websocket,
  ],
  [
    'route methodNotAllowed',
    withDefaults.routes[0]!.methodNotAllowed,
    withDefaults.routes[1]!.methodNotAllowed,
    builtIn.routes[0]!.methodNotAllowed,
  ],
  [
    'route auth',
    withDefaults.routes[0]!.auth?.providers,
    withDefaults.routes[1]!.auth,
    builtIn.routes[0]!.auth,
  ],
  [
    'route cors',
    (withDefaults.routes[0]!.cors || undefined)?.origins,
    withDefaults.routes[1]!.cors,
    builtIn.routes[0]!.cors,
  ],
  [
    'upstream timeouts.response',
    withDefaults.upstreams.plain!.timeouts.response,
    withDefaults.upstreams.own!.timeouts.response,
    builtIn.upstreams.plain!.timeouts.response,
  ],
];
const expected: Record<string, [unknown, unknown, unknown]> = {
  'route timeout': [7000, 1000, undefined],
  'route websocket': [true, false, false],
  'route methodNotAllowed': [false, true, true],
  'route auth': [['k'], null, null],
  'route cors': [['http://app.test'], false, undefined],
  'upstream timeouts.response': [9000, 3000, 30_000],
};

for (const [what, fromDefaults, own, builtInValue] of table) {
  test(`${what}: route/upstream > defaults > built-in`, () => {
    assert.equal([fromDefaults, own, builtInValue], expected[what]);
  });
}

test('a value given on the upstream replaces the default as a whole (no merge)', () => {
  // `own` sets timeouts.response only: its connect timeout is the built-in one, not from defaults.
  assert.is(withDefaults.upstreams.own!.timeouts.connect, 5000);
  assert.is(withDefaults.upstreams.own!.retries.attempts, 2, 'retries still come from defaults');
});

test('fromDefaults names exactly the options that came from defaults', () => {
  assert.equal(withDefaults.routes[0]!.fromDefaults, [
    'auth',
    'timeout',
    'websocket',
    'methodNotAllowed',
    'cors',
  ]);
  assert.is(withDefaults.routes[1]!.fromDefaults, undefined);
  assert.equal(withDefaults.upstreams.plain!.fromDefaults, ['timeouts', 'retries', 'changeOrigin']);
  assert.equal(withDefaults.upstreams.own!.fromDefaults, ['retries', 'changeOrigin']);
  assert.is(builtIn.routes[0]!.fromDefaults, undefined);
});

test('every defaultable key is a real route or upstream option', () => {
  const route = resolve({ ...base, routes: [{ name: 'r', match: { path: '/' }, upstream: 'plain' }] })
    .routes[0]!;
  for (const key of DEFAULTABLE_ROUTE_KEYS) assert.ok(key in route, `route option ${key}`);
  const upstream = builtIn.upstreams.plain!;
  for (const key of DEFAULTABLE_UPSTREAM_KEYS)
    assert.ok(key in upstream || (key === 'tls' && 'tlsInsecure' in upstream), `upstream option ${key}`);
});

test('an unknown key in defaults is refused with its path', () => {
  const result = resolveConfig({ ...base, defaults: { name: 'x' }, routes: [] }, { dir: tmpdir() });
  assert.is(result.ok, false);
  if (!result.ok) assert.match(result.issues[0]!.path, /^defaults/);
});

test.run();
