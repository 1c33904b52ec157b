// Lint rules for the route-table shapes: prefix shadowing, zero-weight splits, self-mirrors,
// redirect loops, and pins no test sends.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RouteConfig } from '../src/config/schema/index.js';
import { findingsOf, withRoutes } from './lint-support.js';

const upstreams = { u: 'http://127.0.0.1:4001', v: 'http://127.0.0.1:4002' };
const shadowed = async (routes: RouteConfig[]) =>
  (await findingsOf('route/shadowed', withRoutes(routes, { upstreams }))).map(
    (f) => routes[Number(/routes\[(\d+)\]/.exec(f.path)![1])]!.name,
  );
const r = (name: string, match: RouteConfig['match'], extra: Partial<RouteConfig> = {}): RouteConfig => ({
  name,
  match,
  upstream: 'u',
  ...extra,
});

// Earlier route, later route → is the later one shadowed?
const prefixRows: [string, RouteConfig, RouteConfig, boolean][] = [
  ['prefix covers a longer prefix', r('a', { prefix: '/api' }), r('b', { prefix: '/api/v2' }), true],
  ['prefix covers a byte continuation', r('a', { prefix: '/api' }), r('b', { prefix: '/apis' }), true],
  ['prefix covers a pattern under it', r('a', { prefix: '/api' }), r('b', { path: '/api/users/:id' }), true],
  ['prefix covers the exact path', r('a', { prefix: '/api' }), r('b', { path: '/api' }), true],
  [
    'a longer prefix does not cover a shorter one',
    r('a', { prefix: '/api/v2' }),
    r('b', { prefix: '/api' }),
    false,
  ],
  ['prefix does not cover a pattern beside it', r('a', { prefix: '/api/' }), r('b', { path: '/api' }), false],
  ['/** covers any prefix', r('a', { path: '/**' }), r('b', { prefix: '/anything' }), true],
  [
    'segments ** cover a prefix past the segment',
    r('a', { path: '/api/**' }),
    r('b', { prefix: '/api/v' }),
    true,
  ],
  ['segments ** do not cover a byte prefix', r('a', { path: '/api/**' }), r('b', { prefix: '/api' }), false],
  ['a param route does not cover a prefix', r('a', { path: '/api/:x' }), r('b', { prefix: '/api/v' }), false],
  [
    'a methods-limited prefix does not cover all methods',
    r('a', { prefix: '/api', methods: ['GET'] }),
    r('b', { prefix: '/api/x' }),
    false,
  ],
  [
    'a case-sensitive prefix does not cover a case-insensitive one',
    r('a', { prefix: '/api' }),
    r('b', { prefix: '/api/x', caseInsensitive: true }),
    false,
  ],
  [
    'a grpc-only route does not cover one that is not',
    r('a', { prefix: '/api', grpc: true }),
    r('b', { prefix: '/api/x' }),
    false,
  ],
  [
    'a sampled route does not cover everyone',
    r('a', { prefix: '/api', sample: 0.5 }),
    r('b', { prefix: '/api/x' }),
    false,
  ],
  [
    'a port does not cover any port',
    r('a', { prefix: '/', host: 'a.test:8080' }),
    r('b', { prefix: '/', host: 'a.test' }),
    false,
  ],
  [
    'any port covers a port',
    r('a', { prefix: '/', host: 'a.test' }),
    r('b', { prefix: '/x', host: 'a.test:8080' }),
    true,
  ],
];
for (const [name, earlier, later, reported] of prefixRows) {
  test(`route/shadowed: ${name}`, async () => {
    assert.equal(await shadowed([earlier, later]), reported ? ['b'] : []);
  });
}

test('split/zero-weights: every side at 0 is an error; one side above 0 is fine', async () => {
  const split = (weights: number[]) =>
    withRoutes(
      [
        r(
          'canary',
          { path: '/o' },
          { upstream: weights.map((weight, i) => ({ name: ['u', 'v'][i]!, weight })) },
        ),
      ],
      { upstreams },
    );
  const found = await findingsOf('split/zero-weights', split([0, 0]));
  assert.equal(
    found.map((f) => [f.path, f.severity]),
    [['routes[0].upstream', 'error']],
  );
  assert.match(found[0]!.message, 'every side of the split of "canary" has weight 0');
  assert.equal(await findingsOf('split/zero-weights', split([0, 1])), []);
});

test("mirror/self: mirroring to the route's own upstream (or a side of its split)", async () => {
  const own = withRoutes([r('m', { path: '/o' }, { mirror: { upstream: 'u' } })], { upstreams });
  const side = withRoutes(
    [r('m', { path: '/o' }, { upstream: [{ name: 'u' }, { name: 'v' }], mirror: { upstream: 'v' } })],
    { upstreams },
  );
  const other = withRoutes([r('m', { path: '/o' }, { mirror: { upstream: 'v' } })], { upstreams });
  assert.equal(
    (await findingsOf('mirror/self', own)).map((f) => f.path),
    ['routes[0].mirror.upstream'],
  );
  assert.equal((await findingsOf('mirror/self', side)).length, 1);
  assert.equal(await findingsOf('mirror/self', other), []);
});

test('redirect/loop: a Location the same route takes again; other hosts, schemes and routes are fine', async () => {
  const loops = async (route: RouteConfig, server = {}) =>
    (await findingsOf('redirect/loop', withRoutes([route], { upstreams, server }))).map((f) => f.message);
  const redirect = (match: RouteConfig['match'], target: RouteConfig['redirect']) =>
    ({ name: 'go', match, redirect: target }) as RouteConfig;
  assert.equal(await loops(redirect({ path: '/old/**' }, { prefix: '/old/new' })), [
    '"go" redirects /old to http://localhost:8080/old/new, which it matches again — clients would loop; redirect somewhere another route handles',
  ]);
  assert.equal((await loops(redirect({ prefix: '/v1' }, { prefix: '/v1beta' }))).length, 1);
  assert.equal((await loops(redirect({ path: '/a' }, { path: '/a' }))).length, 1);
  assert.equal(await loops(redirect({ path: '/old/**' }, { prefix: '/new' })), []);
  assert.equal(await loops(redirect({ path: '/**' }, { host: 'elsewhere.test' })), []);
  // http → https is a loop only when this gateway serves https itself.
  assert.equal(await loops(redirect({ path: '/**' }, { scheme: 'https' })), []);
  assert.equal(await loops(redirect({ path: '/**' }, { stripQuery: true }), {}), [
    '"go" redirects / to http://localhost:8080/, which it matches again — clients would loop; redirect somewhere another route handles',
  ]);
});

test('split/pin-untested: a pin no test sends is reported; a case with the header (or cookie) clears it', async () => {
  const config = (pin: RouteConfig['pin'], tests: unknown[]) =>
    withRoutes([r('canary', { path: '/o' }, { upstream: [{ name: 'u' }, { name: 'v' }], pin })], {
      upstreams,
      tests: tests as never,
    });
  const found = await findingsOf('split/pin-untested', config({ header: 'X-Canary' }, []));
  assert.equal(
    found.map((f) => [f.path, f.severity]),
    [['routes[0].pin', 'warn']],
  );
  assert.match(found[0]!.message, 'no test case sends the header "x-canary"');
  const sent = { request: { url: '/o', headers: { 'x-canary': 'v' } }, expect: { split: { v: 1 } } };
  assert.equal(await findingsOf('split/pin-untested', config({ header: 'x-canary' }, [sent])), []);
  const cookie = { request: { url: '/o', headers: { cookie: 'a=1; gw-canary=v' } }, expect: {} };
  assert.equal(await findingsOf('split/pin-untested', config({ cookie: 'gw-canary' }, [cookie])), []);
  assert.equal((await findingsOf('split/pin-untested', config({ cookie: 'gw-canary' }, [sent]))).length, 1);
});

test('upstream/unknown: a split side or a mirror naming no upstream is reported, and the rest still lints', async () => {
  const config = withRoutes(
    [
      r('m', { path: '/m' }, { mirror: { upstream: 'nope' } }),
      r('s', { path: '/s' }, { upstream: [{ name: 'u' }, { name: 'zz' }], pin: { header: 'x' } }),
      r('again', { path: '/m' }),
    ],
    { upstreams },
  );
  const found = await findingsOf('upstream/unknown', config);
  assert.equal(
    found.map((f) => [f.path, f.message]),
    [
      ['routes[0].mirror.upstream', 'upstream "nope" is not defined — define it under "upstreams"'],
      ['routes[1].upstream[1].name', 'upstream "zz" is not defined — define it under "upstreams"'],
    ],
  );
  assert.equal(
    (await findingsOf('route/shadowed', config)).map((f) => f.path),
    ['routes[2].match'],
  );
});

test('auth/public-shadows-protected: a public redirect exposes nothing; a public prefix route is named by its prefix', async () => {
  const auth = {
    key: { type: 'api-key' as const, header: 'x-api-key', keys: [{ name: 'a', key: { env: 'K' } }] },
  };
  const redirect = withRoutes(
    [
      { name: 'go', match: { prefix: '/api' }, redirect: { scheme: 'https' } },
      r('api', { path: '/api/**' }, { auth: 'key' }),
    ],
    { upstreams, auth },
  );
  assert.equal(await findingsOf('auth/public-shadows-protected', redirect), []);
  const open = withRoutes([r('open', { path: '/**' }), r('api', { prefix: '/api' }, { auth: 'key' })], {
    upstreams,
    auth,
  });
  const [found] = await findingsOf('auth/public-shadows-protected', open);
  assert.match(found?.message ?? '', 'takes all requests to prefix /api before "api"');
});

test.run();
