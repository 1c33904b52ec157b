import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PRODUCTS_PROTO, PROTO_INCLUDE_DIRS } from '../fixtures/grpc.js';
import type { ProtocolTransform } from '../src/pipeline/transform/compiled.js';
import { plan, resolved, transformOf } from './transform-support.js';

// The REST → gRPC mapping without sending anything: which RPC (by annotation or declared), and the
// request message built from path variables, query parameters and the body (proto3 JSON).

const config = resolved({
  upstreams: {
    products: {
      targets: ['grpc://127.0.0.1:1'],
      protocol: 'grpc',
      grpc: {
        protos: [PRODUCTS_PROTO],
        includeDirs: [PROTO_INCLUDE_DIRS[0]!],
        forwardHeaders: ['x-request-id', 'x-user'],
      },
    },
  },
  routes: [
    { name: 'products', match: { path: '/v1/products/**' }, upstream: 'products' },
    {
      name: 'get',
      match: { path: '/p/:id' },
      upstream: 'products',
      grpc: { method: 'shop.v1.ProductService/GetProduct' },
    },
  ],
});

let byAnnotation: ProtocolTransform;
let declared: ProtocolTransform;
test.before(async () => {
  byAnnotation = await transformOf(config, 'products');
  declared = await transformOf(config, 'get');
});

async function planned(transform: ProtocolTransform, method: string, url: string, options = {}) {
  const result = await plan(transform, method, url, options);
  if (!result.ok) throw new Error(`expected a plan, got ${result.problem.status} ${result.problem.detail}`);
  if (result.plan.kind !== 'grpc') throw new Error('expected a gRPC plan');
  return result.plan;
}

async function rejected(transform: ProtocolTransform, method: string, url: string, options = {}) {
  const result = await plan(transform, method, url, options);
  if (result.ok) throw new Error(`expected a problem, got ${JSON.stringify(result.plan)}`);
  return result.problem;
}

// binding, then request → method, source, message
const bindings: [string, string, string, Record<string, unknown>, string, unknown][] = [
  [
    'get with a path variable',
    'GET',
    '/api/products/42',
    {},
    'GetProduct (annotation (GET /api/products/{id}))',
    { id: '42' },
  ],
  [
    'list with query parameters (both spellings)',
    'GET',
    '/api/products?page_size=2&category=BOOKS',
    {},
    'ListProducts (annotation (GET /api/products))',
    { pageSize: 2, category: 'BOOKS' },
  ],
  [
    'query enum by number',
    'GET',
    '/api/products?category=2',
    {},
    'ListProducts (annotation (GET /api/products))',
    { category: 'TOOLS' },
  ],
  [
    'body bound to a field',
    'POST',
    '/api/products',
    { body: { name: 'Saw', priceCents: '1250', tags: ['a', 'b'], category: 'TOOLS' } },
    'CreateProduct (annotation (POST /api/products))',
    { product: { name: 'Saw', priceCents: '1250', tags: ['a', 'b'], category: 'TOOLS' } },
  ],
  [
    'additional binding with body "*" and a verb',
    'POST',
    '/api/products:create',
    { body: { product: { name: 'Saw', price_cents: 5 } } },
    'CreateProduct (annotation (POST /api/products:create))',
    { product: { name: 'Saw', priceCents: '5' } },
  ],
  [
    'well-known types in JSON form',
    'POST',
    '/api/products',
    { body: { name: 'Saw', createdAt: '2024-05-01T10:00:00Z' } },
    'CreateProduct (annotation (POST /api/products))',
    { product: { name: 'Saw', createdAt: '2024-05-01T10:00:00Z' } },
  ],
  [
    'server streaming',
    'GET',
    '/api/products/7/stock?updates=2',
    {},
    'WatchStock (annotation (GET /api/products/{id}/stock))',
    { id: '7', updates: 2 },
  ],
];

for (const [name, method, url, options, expected, message] of bindings) {
  test(`annotations: ${name}`, async () => {
    const p = await planned(byAnnotation, method, url, options);
    assert.is(`${p.method.split('/')[1]} (${p.source})`, expected);
    assert.equal(p.message, message);
  });
}

test('the plan names the full method and whether it streams', async () => {
  const p = await planned(byAnnotation, 'GET', '/api/products/7/stock');
  assert.is(p.method, 'shop.v1.ProductService/WatchStock');
  assert.is(p.serverStreaming, true);
});

test('declared method: route params and body fill the message, path params win', async () => {
  const p = await planned(declared, 'GET', '/p/42', { params: { id: '42', '**': 'x' } });
  assert.is(p.source, 'route');
  assert.equal(p.message, { id: '42' });
  const overridden = await planned(declared, 'POST', '/p/42', { params: { id: '42' }, body: { id: '43' } });
  assert.equal(overridden.message, { id: '42' });
});

test('forwardHeaders become metadata; header edits apply first', async () => {
  const result = await byAnnotation.plan({
    request: (await import('./transform-support.js')).request('GET', '/api/products/42', {
      headers: { 'x-request-id': 'r1', 'x-user': 'spoof', cookie: 'c' },
    }),
    upstreamPath: '/api/products/42',
    params: {},
    headers: { remove: ['x-user'], set: { 'x-user': 'alice' } },
  });
  assert.ok(result.ok);
  if (result.ok && result.plan.kind === 'grpc')
    assert.equal(result.plan.metadata, { 'x-request-id': 'r1', 'x-user': 'alice' });
});

// request → status and detail (the field path first)
const bad: [string, string, string, Record<string, unknown>, number, string][] = [
  [
    'int64 that is not a number',
    'POST',
    '/api/products',
    { body: { name: 'x', price_cents: 'abc' } },
    400,
    'body.price_cents: expected an int64 (number or decimal string), found "abc"',
  ],
  [
    'nested path with "*" body',
    'POST',
    '/api/products:create',
    { body: { product: { priceCents: 'abc' } } },
    400,
    'body.product.priceCents: expected an int64',
  ],
  [
    'unknown field with a suggestion',
    'POST',
    '/api/products',
    { body: { nmae: 'x' } },
    400,
    'body.nmae: unknown field of shop.v1.Product — did you mean "name"?',
  ],
  [
    'wrong enum name',
    'POST',
    '/api/products',
    { body: { category: 'FOOD' } },
    400,
    'body.category: "FOOD" is not a value of shop.v1.Category (expected one of CATEGORY_UNSPECIFIED, BOOKS, TOOLS, TOYS)',
  ],
  [
    'out of range',
    'POST',
    '/api/products',
    { body: { stock: 3000000000 } },
    400,
    'body.stock: 3000000000 is out of range for int32',
  ],
  [
    'repeated field given a string',
    'POST',
    '/api/products',
    { body: { tags: 'a' } },
    400,
    'body.tags: expected an array (repeated field), found "a"',
  ],
  [
    'bad timestamp',
    'POST',
    '/api/products',
    { body: { createdAt: 'yesterday' } },
    400,
    'body.createdAt: expected an RFC 3339 timestamp',
  ],
  ['malformed JSON', 'POST', '/api/products', { body: '{"name": ' }, 400, 'body: malformed JSON'],
  [
    'nesting deeper than 32',
    'POST',
    '/api/products',
    { body: '['.repeat(40) + ']'.repeat(40) },
    400,
    'body: nesting deeper than 32 levels',
  ],
  [
    'not JSON',
    'POST',
    '/api/products',
    { body: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    415,
    'body: expected application/json',
  ],
  ['too large', 'POST', '/api/products', { tooLarge: true }, 413, 'body: larger than the limit'],
  [
    'unknown query parameter',
    'GET',
    '/api/products?sort=name',
    {},
    400,
    'query.sort: unknown field of shop.v1.ListProductsRequest',
  ],
  [
    'query int that is not',
    'GET',
    '/api/products?page_size=ten',
    {},
    400,
    'query.pageSize: expected an int32 (integer number), found "ten"',
  ],
  [
    'singular query given twice',
    'GET',
    '/api/products?page_size=1&page_size=2',
    {},
    400,
    'query.page_size: given 2 times',
  ],
  [
    'no binding for the path',
    'GET',
    '/api/orders',
    {},
    404,
    'no google.api.http binding matches GET /api/orders',
  ],
  [
    'path bound under another method',
    'DELETE',
    '/api/products/42',
    {},
    405,
    'DELETE /api/products/42 is not bound; methods bound to this path: GET',
  ],
];

for (const [name, method, url, options, status, detail] of bad) {
  test(`bad input: ${name} → ${status}`, async () => {
    const problem = await rejected(byAnnotation, method, url, options);
    assert.is(problem.status, status);
    assert.ok(problem.detail.startsWith(detail), `detail was: ${problem.detail}`);
  });
}

test.run();
