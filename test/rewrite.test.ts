import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ResolvedRewrite } from '../src/config/resolved.js';
import { fillTemplate, rewritePath, templateParams } from '../src/pipeline/rewrite.js';

const none: ResolvedRewrite = {
  stripPrefix: undefined,
  replacePrefix: undefined,
  regex: undefined,
  path: undefined,
  headers: { set: {}, remove: [] },
  query: { set: {}, remove: [] },
};
const rw = (r: Partial<ResolvedRewrite>): ResolvedRewrite => ({ ...none, ...r });

// rule, then path (+query, params) → upstream path
const cases: [string, ResolvedRewrite | undefined, string, string, Record<string, string>, string][] = [
  ['no rewrite keeps path and raw query', undefined, '/a/b', 'x=%20y', {}, '/a/b?x=%20y'],
  [
    'replacePrefix',
    rw({ replacePrefix: { from: '/v1/products', to: '/api/products' } }),
    '/v1/products/42',
    '',
    {},
    '/api/products/42',
  ],
  [
    'replacePrefix on the bare prefix',
    rw({ replacePrefix: { from: '/v1/products', to: '/api/products' } }),
    '/v1/products',
    '',
    {},
    '/api/products',
  ],
  [
    'replacePrefix is segment-aware',
    rw({ replacePrefix: { from: '/v1', to: '/api' } }),
    '/v1x/a',
    '',
    {},
    '/v1x/a',
  ],
  ['stripPrefix', rw({ stripPrefix: '/echo' }), '/echo/hello', 'a=1', {}, '/hello?a=1'],
  ['stripPrefix to root', rw({ stripPrefix: '/echo' }), '/echo', '', {}, '/'],
  ['stripPrefix is segment-aware', rw({ stripPrefix: '/echo' }), '/echoes', '', {}, '/echoes'],
  ['stripPrefix with trailing slash in config', rw({ stripPrefix: '/echo/' }), '/echo/x', '', {}, '/x'],
  [
    'regex with groups',
    rw({ regex: { pattern: /^\/old\/(.*)$/, replacement: '/new/$1' } }),
    '/old/a/b',
    '',
    {},
    '/new/a/b',
  ],
  [
    'regex with named groups',
    rw({ regex: { pattern: /^\/u\/(?<id>\d+)$/, replacement: '/users/$<id>' } }),
    '/u/7',
    '',
    {},
    '/users/7',
  ],
  [
    'template with a param',
    rw({ path: '/api/products/:id' }),
    '/v1/products/42',
    '',
    { id: '42' },
    '/api/products/42',
  ],
  ['template with glob rest', rw({ path: '/api/**' }), '/v1/a/b', '', { '**': 'a/b' }, '/api/a/b'],
  ['template with empty glob rest', rw({ path: '/api/**' }), '/v1', '', { '**': '' }, '/api'],
  ['template param cannot add segments', rw({ path: '/x/:id' }), '/y', '', { id: 'a/b?c' }, '/x/a%2Fb%3Fc'],
  [
    'query set and remove',
    rw({ query: { set: { via: 'gw' }, remove: ['debug'] } }),
    '/a',
    'debug=1&x=2',
    {},
    '/a?x=2&via=gw',
  ],
  [
    'steps compose in order',
    rw({ stripPrefix: '/api', replacePrefix: { from: '/v1', to: '/v2' } }),
    '/api/v1/x',
    '',
    {},
    '/v2/x',
  ],
];

for (const [name, rewrite, path, query, params, expected] of cases) {
  test(name, () => {
    assert.is(rewritePath(rewrite, path, query, params).upstreamPath, expected);
  });
}

test('auth query credentials are removed even without a rewrite', () => {
  assert.is(
    rewritePath(undefined, '/a', 'api_key=s3cret&x=1', {}, { removeQuery: ['api_key'] }).upstreamPath,
    '/a?x=1',
  );
});

test('each changing step is listed for explain', () => {
  const result = rewritePath(rw({ replacePrefix: { from: '/v1', to: '/api' } }), '/v1/p', '', {});
  assert.equal(result.steps, ['replacePrefix /v1 → /api: /api/p']);
});

test('fillTemplate and templateParams agree on names', () => {
  assert.equal(templateParams('/a/:id/b/:name/**'), ['id', 'name', '**']);
  assert.is(fillTemplate('/a/:id/:missing', { id: '1' }), '/a/1/');
});

test.run();
