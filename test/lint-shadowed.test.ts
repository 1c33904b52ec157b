/**
 * `route/shadowed` on many table shapes. Rule: a route is reported only when the routes
 * evaluated before it accept every request it accepts — path, methods, host, headers, query.
 * Each row: routes in declared order → the names reported as shadowed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RouteConfig } from '../src/config/schema/index.js';
import { findingsOf, withRoutes } from './lint-support.js';

type Row = [string, Omit<RouteConfig, 'upstream'>[], string[]];
const r = (name: string, match: RouteConfig['match'], extra: Partial<RouteConfig> = {}) => ({
  name,
  match,
  ...extra,
});

const rows: Row[] = [
  // Paths: exact ⊂ param ⊂ glob, `**` covers any depth.
  ['identical paths', [r('a', { path: '/a' }), r('b', { path: '/a' })], ['b']],
  ['param covers exact', [r('p', { path: '/users/:id' }), r('me', { path: '/users/me' })], ['me']],
  ['exact before param is fine', [r('me', { path: '/users/me' }), r('p', { path: '/users/:id' })], []],
  ['** covers a param route', [r('all', { path: '/users/**' }), r('p', { path: '/users/:id' })], ['p']],
  [
    '** covers deeper paths',
    [r('all', { path: '/files/**' }), r('deep', { path: '/files/a/b/:c' })],
    ['deep'],
  ],
  ['** covers its own prefix', [r('all', { path: '/files/**' }), r('root', { path: '/files' })], ['root']],
  ['/** covers a RegExp route', [r('all', { path: '/**' }), r('re', { path: /^\/v\d+\// })], ['re']],
  [
    'segment glob covers a literal',
    [r('png', { path: '/img/*.png' }), r('logo', { path: '/img/logo.png' })],
    ['logo'],
  ],
  [
    'near-miss: param does not cover a deeper path',
    [r('p', { path: '/users/:id' }), r('orders', { path: '/users/:id/orders' })],
    [],
  ],
  ['near-miss: * does not cover ** ', [r('one', { path: '/a/*' }), r('any', { path: '/a/**' })], []],
  [
    'near-miss: trailing slash is a different path',
    [r('a', { path: '/a' }), r('slash', { path: '/a/' })],
    [],
  ],
  [
    'near-miss: optional param covers both shapes only when the earlier route does',
    [r('p', { path: '/u/:id' }), r('opt', { path: '/u/:id?' })],
    [],
  ],
  ['optional param covered by ** ', [r('all', { path: '/u/**' }), r('opt', { path: '/u/:id?' })], ['opt']],
  [
    'near-miss: case-insensitive later route takes other spellings',
    [r('a', { path: '/Users' }), r('ci', { path: '/users', caseInsensitive: true })],
    [],
  ],
  // Methods: a subset is covered; several earlier routes may split the methods between them.
  [
    'methods subset',
    [r('rw', { path: '/a', methods: ['GET', 'POST'] }), r('get', { path: '/a', methods: ['GET'] })],
    ['get'],
  ],
  [
    'GET covers HEAD',
    [r('get', { path: '/a', methods: ['GET'] }), r('head', { path: '/a', methods: ['HEAD'] })],
    ['head'],
  ],
  [
    'two routes split the methods',
    [
      r('get', { path: '/a/**', methods: ['GET'] }),
      r('post', { path: '/a/:x', methods: ['POST'] }),
      r('both', { path: '/a/:x', methods: ['GET', 'POST'] }),
    ],
    ['both'],
  ],
  [
    'near-miss: different methods',
    [r('get', { path: '/a', methods: ['GET'] }), r('post', { path: '/a', methods: ['POST'] })],
    [],
  ],
  [
    'near-miss: any-method later route vs GET-only earlier',
    [r('get', { path: '/a', methods: ['GET'] }), r('any', { path: '/a' })],
    [],
  ],
  // Hosts.
  [
    'host wildcard covers a host',
    [r('wild', { path: '/a', host: '*.example.com' }), r('api', { path: '/a', host: 'api.example.com' })],
    ['api'],
  ],
  [
    'no host covers any host',
    [r('any', { path: '/a' }), r('api', { path: '/a', host: 'api.local' })],
    ['api'],
  ],
  [
    'near-miss: different hosts',
    [r('a', { path: '/a', host: 'a.local' }), r('b', { path: '/a', host: 'b.local' })],
    [],
  ],
  [
    'near-miss: host-restricted earlier route',
    [r('api', { path: '/a', host: 'api.local' }), r('any', { path: '/a' })],
    [],
  ],
  // Headers and query.
  [
    'near-miss: header condition on the earlier route',
    [r('tenant', { path: '/u/**', headers: { 'x-tenant': true } }), r('u', { path: '/u/**' })],
    [],
  ],
  [
    'earlier route without the later one\u2019s header condition covers it',
    [r('u', { path: '/u/**' }), r('tenant', { path: '/u/**', headers: { 'x-tenant': true } })],
    ['tenant'],
  ],
  [
    'exact header implies present',
    [r('p', { path: '/a', headers: { 'x-v': true } }), r('v2', { path: '/a', headers: { 'x-v': '2' } })],
    ['v2'],
  ],
  [
    'exact value checked against an earlier RegExp',
    [r('re', { path: '/a', query: { v: /^\d+$/ } }), r('v2', { path: '/a', query: { v: '2' } })],
    ['v2'],
  ],
  [
    'near-miss: query value the earlier RegExp rejects',
    [r('re', { path: '/a', query: { v: /^\d+$/ } }), r('beta', { path: '/a', query: { v: 'beta' } })],
    [],
  ],
  // RegExps cover only what they provably match.
  [
    'RegExp covers an exact path it matches',
    [r('re', { path: /^\/v\d+\/status$/ }), r('s', { path: '/v1/status' })],
    ['s'],
  ],
  [
    'near-miss: RegExp vs a param route (not provable)',
    [r('re', { path: /^\/users\/[^/]+$/ }), r('p', { path: '/users/:id' })],
    [],
  ],
  // Priority reorders evaluation.
  [
    'priority puts a broad route first',
    [r('one', { path: '/a/:id' }), r('all', { path: '/a/**' }, { priority: 10 })],
    ['one'],
  ],
  [
    'priority rescues a specific route',
    [r('all', { path: '/a/**' }), r('one', { path: '/a/:id' }, { priority: 10 })],
    [],
  ],
  // A route with methods: [] is route/empty-methods' business, not shadowed (nor shadowing).
  ['empty methods is not shadowed', [r('all', { path: '/**' }), r('none', { path: '/a', methods: [] })], []],
];

for (const [name, routes, expected] of rows) {
  test(name, async () => {
    const config = withRoutes(routes.map((route) => ({ ...route, upstream: 'u' })));
    const found = await findingsOf('route/shadowed', config);
    const shadowed = found.map((f) => routes[Number(/routes\[(\d+)\]/.exec(f.path)![1])]!.name);
    assert.equal(shadowed, expected);
  });
}

test('the message names the shadowing route and the fix', async () => {
  const config = withRoutes(
    [r('one', { path: '/a/:id' }), r('all', { path: '/a/**' }, { priority: 10 })].map((x) => ({
      ...x,
      upstream: 'u',
    })),
  );
  const [finding] = await findingsOf('route/shadowed', config);
  assert.is(
    finding!.message,
    'route "one" can never match: "all" (routes[1], priority 10 > 0) accepts every request it does — give "one" a priority above "all"\'s, or narrow them',
  );
});

test('auth/public-shadows-protected: header-gated public route before a protected one', async () => {
  const config = withRoutes(
    [
      { name: 'bypass', match: { path: '/admin/**', headers: { 'x-internal': true } }, upstream: 'u' },
      { name: 'admin', match: { path: '/admin/**' }, upstream: 'u', auth: 'k' },
    ],
    { auth: { k: { type: 'api-key', keys: [{ name: 'c', key: { env: 'K' } }] } } },
  );
  assert.is((await findingsOf('auth/public-shadows-protected', config)).length, 1);
  // Disjoint methods: the public route serves reads, the protected one writes.
  const split = withRoutes(
    [
      { name: 'read', match: { path: '/admin/**', methods: ['GET'] }, upstream: 'u' },
      { name: 'write', match: { path: '/admin/**', methods: ['POST'] }, upstream: 'u', auth: 'k' },
    ],
    { auth: { k: { type: 'api-key', keys: [{ name: 'c', key: { env: 'K' } }] } } },
  );
  assert.is((await findingsOf('auth/public-shadows-protected', split)).length, 0);
});

test.run();
