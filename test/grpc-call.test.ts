import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  PRODUCTS_PROTO,
  PROTO_INCLUDE_DIRS,
  type RunningGrpcFixture,
  startProductService,
} from '../fixtures/grpc.js';
import type { GrpcTransform } from '../src/pipeline/transform/compiled.js';
import type { TransformPlan } from '../src/pipeline/types.js';
import type { ProtocolTarget } from '../src/protocols/api.js';
import { callGrpc, GrpcChannelPool } from '../src/protocols/index.js';
import { bodyText, plan, resolved, transformOf } from './transform-support.js';

// callGrpc against the real ProductService fixture: JSON answers, status mapping, streams.

let fixture: RunningGrpcFixture;
let transform: GrpcTransform;
let target: ProtocolTarget;
const pool = new GrpcChannelPool();

test.before(async () => {
  fixture = await startProductService();
  target = { url: fixture.url, id: fixture.address };
  const config = resolved({
    upstreams: {
      products: {
        targets: [fixture.url],
        protocol: 'grpc',
        grpc: { protos: [PRODUCTS_PROTO], includeDirs: [PROTO_INCLUDE_DIRS[0]!] },
      },
    },
    routes: [{ name: 'products', match: { path: '/v1/products/**' }, upstream: 'products' }],
  });
  transform = (await transformOf(config, 'products')) as GrpcTransform;
});

test.after(async () => {
  pool.close();
  await fixture.close();
});

async function call(
  method: string,
  url: string,
  options: { body?: unknown; accept?: string; deadlineMs?: number } = {},
) {
  const planned = await plan(transform, method, url, { body: options.body });
  if (!planned.ok) throw new Error(planned.problem.detail);
  const response = await callGrpc(planned.plan, target, {
    transform,
    channelPool: pool,
    timeout: options.deadlineMs ?? 5000,
    accept: options.accept,
  });
  return { response, text: await bodyText(response) };
}

test('GET /api/products/42 answers the product as proto3 JSON', async () => {
  const { response, text } = await call('GET', '/api/products/42');
  assert.is(response.status, 200);
  assert.is(response.headers['content-type'], 'application/json; charset=utf-8');
  assert.equal(JSON.parse(text), {
    id: '42',
    name: "The Hitchhiker's Guide",
    priceCents: '4200',
    tags: ['sci-fi', 'classic'],
    category: 'BOOKS',
    createdAt: '2024-01-01T00:00:00Z',
    stock: 42,
  });
});

test('default values are shown (stock 0), not left out', async () => {
  const { text } = await call('GET', '/api/products/1');
  assert.is(JSON.parse(text).stock, 0);
});

test('POST /api/products creates a product', async () => {
  const { response, text } = await call('POST', '/api/products', {
    body: { name: 'Saw', priceCents: '1250', category: 'TOOLS' },
  });
  assert.is(response.status, 200);
  const created = JSON.parse(text);
  assert.is(created.name, 'Saw');
  assert.is(created.priceCents, '1250');
  const again = await call('GET', `/api/products/${created.id}`);
  assert.is(JSON.parse(again.text).name, 'Saw');
});

test('ListProducts pages with query parameters', async () => {
  const { text } = await call('GET', '/api/products?page_size=2');
  const page = JSON.parse(text);
  assert.equal(
    page.products.map((p: { id: string }) => p.id),
    ['1', '7'],
  );
  assert.is(page.nextPageToken, '2');
});

// gRPC status → HTTP problem
const failures: [string, string, string, unknown, number, string, number][] = [
  ['unknown product', 'GET', '/api/products/999', undefined, 404, 'NOT_FOUND', 5],
  ['empty name', 'POST', '/api/products', { name: '' }, 400, 'INVALID_ARGUMENT', 3],
  ['existing id', 'POST', '/api/products', { id: '42', name: 'Dup' }, 409, 'ALREADY_EXISTS', 6],
];
for (const [name, method, url, body, status, code, number] of failures) {
  test(`${name} → ${status} problem with grpcCode ${code}`, async () => {
    const { response, text } = await call(method, url, { body });
    assert.is(response.status, status);
    assert.is(response.headers['content-type'], 'application/problem+json');
    const problem = JSON.parse(text);
    assert.is(problem.status, status);
    assert.is(problem.grpcCode, code);
    assert.is(problem.grpcStatus, number);
    assert.type(problem.grpcMessage, 'string');
    assert.is(problem.method.startsWith('shop.v1.ProductService/'), true);
  });
}

test('a 404 problem carries the upstream message', async () => {
  const { text } = await call('GET', '/api/products/999');
  const problem = JSON.parse(text);
  assert.is(problem.grpcMessage, 'product 999 not found');
  assert.is(problem.detail, 'shop.v1.ProductService/GetProduct failed with NOT_FOUND: product 999 not found');
});

test('server streaming arrives as NDJSON', async () => {
  const { response, text } = await call('GET', '/api/products/42/stock?updates=3');
  assert.is(response.status, 200);
  assert.is(response.headers['content-type'], 'application/x-ndjson; charset=utf-8');
  const lines = text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.equal(
    lines.map((l) => [l.id, l.stock]),
    [
      ['42', 42],
      ['42', 41],
      ['42', 40],
    ],
  );
  assert.type(lines[0].at, 'string');
});

test('server streaming arrives as SSE when the client accepts text/event-stream', async () => {
  const { response, text } = await call('GET', '/api/products/7/stock?updates=2', {
    accept: 'text/event-stream',
  });
  assert.is(response.headers['content-type'], 'text/event-stream; charset=utf-8');
  const events = text.split('\n\n').filter(Boolean);
  assert.is(events.length, 2);
  for (const event of events) assert.ok(event.startsWith('data: {"id":"7","stock":'), event);
});

test('a stream that fails before its first message is a problem with the status', async () => {
  const { response, text } = await call('GET', '/api/products/999/stock');
  assert.is(response.status, 404);
  assert.is(JSON.parse(text).grpcCode, 'NOT_FOUND');
});

test('channels are reused per target and closed by retain', async () => {
  assert.is(pool.size, 1);
  await call('GET', '/api/products/7');
  assert.is(pool.size, 1);
  assert.is(pool.retain([{ url: fixture.url }]), 0);
  assert.is(pool.retain([]), 1);
  assert.is(pool.size, 0);
  const { response } = await call('GET', '/api/products/7');
  assert.is(response.status, 200, 'the pool reopens on demand');
});

test('an upstream that is down is a 502 (a transport failure, as for HTTP upstreams), grpcCode UNAVAILABLE', async () => {
  const planned = await plan(transform, 'GET', '/api/products/42');
  assert.ok(planned.ok);
  const down = { url: 'grpc://127.0.0.1:1', id: '127.0.0.1:1' };
  const response = await callGrpc((planned as { plan: TransformPlan }).plan, down, {
    transform,
    channelPool: pool,
    timeout: 2000,
  });
  assert.is(response.status, 502);
  const body = JSON.parse(await bodyText(response));
  assert.is(body.type, 'urn:gateway:bad-gateway');
  assert.is(body.grpcCode, 'UNAVAILABLE');
  assert.match(body.detail, 'No connection established');
});

test.run();
