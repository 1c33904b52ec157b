import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ResolvedRoute } from '../src/config/resolved.js';
import { matchRoute } from '../src/pipeline/match/index.js';
import { request, route, table } from './match-helpers.js';

// The precedence rules of docs/matching.md, one row each: routes as declared → request → winner.
const rules: [
  rule: string,
  routes: ResolvedRoute[],
  method: string,
  url: string,
  winner: string | undefined,
][] = [
  [
    'first match in declared order wins',
    [route('broad', { path: '/users/**' }), route('specific', { path: '/users/:id' })],
    'GET',
    '/users/42',
    'broad',
  ],
  [
    'declared order, not specificity: a specific route must come first',
    [route('specific', { path: '/users/:id' }), route('broad', { path: '/users/**' })],
    'GET',
    '/users/42',
    'specific',
  ],
  [
    'a higher priority overrides declared order',
    [route('broad', { path: '/users/**' }), route('specific', { path: '/users/:id' }, 10)],
    'GET',
    '/users/42',
    'specific',
  ],
  [
    'equal priorities keep declared order',
    [route('a', { path: '/x' }, 5), route('b', { path: '/x' }, 5)],
    'GET',
    '/x',
    'a',
  ],
  [
    'negative priority moves a route after the default ones',
    [route('fallback', { path: '/**' }, -1), route('users', { path: '/users' })],
    'GET',
    '/users',
    'users',
  ],
  [
    'a route whose other conditions fail is passed over',
    [route('posts', { path: '/users', methods: ['POST'] }), route('reads', { path: '/users' })],
    'GET',
    '/users',
    'reads',
  ],
  [
    'exact path is not preferred over an earlier regex',
    [route('regex', { path: /^\/a/ }), route('exact', { path: '/a/b' })],
    'GET',
    '/a/b',
    'regex',
  ],
  [
    'case-insensitive route is found through the index',
    [route('ci', { path: '/Users/:id', caseInsensitive: true }), route('other', { path: '/**' })],
    'GET',
    '/USERS/1',
    'ci',
  ],
  ['nothing matches: no winner', [route('a', { path: '/a' })], 'GET', '/b', undefined],
];

for (const [rule, routes, method, url, winner] of rules) {
  test(`precedence: ${rule}`, () => {
    const { routes: ranked, index } = table(routes);
    for (const mode of ['full', 'compact'] as const) {
      assert.is(matchRoute(ranked, index, request(method, url), mode).route?.name, winner, mode);
    }
  });
}

test('full mode checks every route, marks those after the winner not reached and shadowed matches; compact keeps the winner only', () => {
  const { routes, index } = table([
    route('admin', { path: '/admin/**' }),
    route('users', { path: '/users/:id', methods: ['GET'] }),
    route('users-any', { path: '/users/**' }),
    route('fallback', { path: '/**' }),
  ]);
  const full = matchRoute(routes, index, request('GET', '/users/42'), 'full');
  assert.equal(full.params, { id: '42' });
  assert.equal(full.checks, [
    {
      route: 'admin',
      index: 0,
      matched: false,
      failed: { condition: 'path', expected: '/admin/**', actual: '/users/42' },
    },
    { route: 'users', index: 1, matched: true },
    { route: 'users-any', index: 2, matched: true, reached: false },
    { route: 'fallback', index: 3, matched: true, reached: false },
  ]);
  assert.equal(full.shadowed, ['users-any', 'fallback']);
  assert.equal(full.nearest, []);
  const compact = matchRoute(routes, index, request('GET', '/users/42'), 'compact');
  assert.equal(compact.checks, [{ route: 'users', index: 1, matched: true }]);
  assert.equal(compact.shadowed, []);
  assert.is(compact.closest, undefined);
});

test('closest on a miss: the latest failing condition, then the longest shared path, then rank', () => {
  const { routes, index } = table([
    route('orders', { path: '/orders/:id' }),
    route('users-write', { path: '/v1/users/:id', methods: ['PUT'] }),
    route('users-host', { path: '/v1/users/:id', host: ['api.local'] }),
    route('users-v2', { path: '/v2/users/:id' }),
  ]);
  for (const mode of ['full', 'compact'] as const) {
    const miss = matchRoute(routes, index, request('GET', '/v1/users/7'), mode);
    assert.is(miss.route, undefined);
    assert.equal(miss.closest, {
      route: 'users-host',
      index: 2,
      matched: false,
      failed: { condition: 'host', expected: 'api.local', actual: 'localhost' },
    });
  }
  const full = matchRoute(routes, index, request('GET', '/v1/users/7'), 'full');
  assert.equal(
    full.nearest.map((check) => check.route),
    ['users-host', 'users-write', 'orders'],
    'host beats method beats path; equal path failures go by evaluation order',
  );
  assert.ok(
    full.checks.every((check) => check.reached === undefined),
    'a miss reaches every route',
  );
  const pathOnly = matchRoute(routes, index, request('GET', '/v2/users'), 'compact');
  assert.is(pathOnly.closest?.route, 'users-v2');
  const tie = table([route('a', { path: '/x/1' }), route('b', { path: '/x/2' })]);
  assert.is(matchRoute(tie.routes, tie.index, request('GET', '/y'), 'compact').closest?.route, 'a');
});

test('index candidates follow the static prefix, regex and leading globs are always candidates', () => {
  const { routes, index } = table([
    route('exact', { path: '/svc1/health' }),
    route('param', { path: '/svc1/items/:id' }),
    route('rest', { path: '/svc1/**' }),
    route('other', { path: '/svc2/**' }),
    route('regex', { path: /^\/svc\d+\/x$/ }),
    route('glob', { path: '/*/ping' }),
  ]);
  const names = (path: string) => index.candidates(path).map((rank) => routes[rank]!.name);
  assert.equal(names('/svc1/items/9'), ['param', 'rest', 'regex', 'glob']);
  assert.equal(names('/svc1/health'), ['exact', 'rest', 'regex', 'glob']);
  assert.equal(names('/SVC2/a'), ['other', 'regex', 'glob']);
  assert.equal(names('/nothing'), ['regex', 'glob']);
});

test.run();
