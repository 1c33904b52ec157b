import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  PRODUCTS_PROTO,
  PROTO_INCLUDE_DIRS,
  type RunningGrpcFixture,
  startProductService,
} from '../fixtures/grpc.js';
import { createPools } from '../src/pipeline/balance/index.js';
import type { DecideContext } from '../src/pipeline/context.js';
import { decide } from '../src/pipeline/decide.js';
import { compileTable, type RouteTable } from '../src/pipeline/table.js';
import type { RequestInput } from '../src/pipeline/types.js';
import { executePlan, GrpcChannelPool } from '../src/protocols/index.js';
import { bodyText, resolved } from './transform-support.js';

// The demo's shape through the real pipeline: /v1/products/** is rewritten to /api/products/** and
// the proto's annotations pick the RPC. `decide` plans without sending (what explain shows);
// executePlan sends.

let fixture: RunningGrpcFixture;
let table: RouteTable;
const pool = new GrpcChannelPool();
const ctx = (): DecideContext => ({
  now: () => 0,
  random: () => 0,
  pools: createPools(),
  fetch,
  trace: 'full',
});

test.before(async () => {
  fixture = await startProductService();
  const config = resolved({
    upstreams: {
      products: {
        targets: [fixture.url],
        protocol: 'grpc',
        grpc: { protos: [PRODUCTS_PROTO], includeDirs: [PROTO_INCLUDE_DIRS[0]!] },
      },
    },
    routes: [
      {
        name: 'products',
        match: { path: '/v1/products/**' },
        upstream: 'products',
        rewrite: { replacePrefix: { from: '/v1/products', to: '/api/products' } },
      },
    ],
  });
  const compiled = await compileTable(config);
  if (!compiled.ok) throw new Error(compiled.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  table = compiled.table;
});

test.after(async () => {
  pool.close();
  await fixture.close();
});

function input(method: string, url: string, body?: unknown): RequestInput {
  const bytes = body === undefined ? undefined : new TextEncoder().encode(JSON.stringify(body));
  return {
    method,
    url,
    headers: { host: 'localhost', ...(bytes ? { 'content-type': 'application/json' } : {}) },
    remoteAddress: '127.0.0.1',
    scheme: 'http',
    readBody: bytes ? async () => bytes : undefined,
  };
}

async function send(method: string, url: string, body?: unknown) {
  const decision = await decide(input(method, url, body), table, ctx());
  assert.is(decision.action, 'forward', JSON.stringify(decision.problem));
  const route = table.routes.find((r) => r.name === decision.route?.name)!;
  const response = await executePlan(route.transform!, decision.transform!, decision.target!, {
    channelPool: pool,
    timeout: 5000,
  });
  return { status: response.status, json: JSON.parse(await bodyText(response)) };
}

async function productCount(): Promise<number> {
  return (await send('GET', '/v1/products?page_size=100')).json.totalSize;
}

test('GET /v1/products/42 → GetProduct by annotation → the product as JSON', async () => {
  const { status, json } = await send('GET', '/v1/products/42');
  assert.is(status, 200);
  assert.is(json.name, "The Hitchhiker's Guide");
});

test('GET /v1/products/999 → 404 problem with the gRPC code', async () => {
  const { status, json } = await send('GET', '/v1/products/999');
  assert.is(status, 404);
  assert.is(json.grpcCode, 'NOT_FOUND');
});

test('explain: POST /v1/products plans CreateProduct and its message without sending it', async () => {
  const before = await productCount();
  const decision = await decide(
    input('POST', '/v1/products', { name: 'Saw', priceCents: 1250 }),
    table,
    ctx(),
  );
  assert.is(decision.upstreamPath, '/api/products');
  assert.equal(decision.transform, {
    kind: 'grpc',
    method: 'shop.v1.ProductService/CreateProduct',
    source: 'annotation (POST /api/products)',
    serverStreaming: false,
    message: { product: { name: 'Saw', priceCents: '1250' } },
    // W3C trace context goes to gRPC upstreams as metadata (ids pinned by the test's random).
    metadata: { traceparent: decision.traceContext!.traceparent },
  });
  assert.match(decision.traceContext!.traceparent, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  const step = decision.trace.find((s) => s.stage === 'transform');
  assert.is(
    step?.summary,
    'gRPC shop.v1.ProductService/CreateProduct, chosen by annotation (POST /api/products)',
  );
  assert.is(await productCount(), before, 'planning created nothing');
  const { status, json } = await send('POST', '/v1/products', { name: 'Saw', priceCents: 1250 });
  assert.is(status, 200);
  assert.is(json.priceCents, '1250');
  assert.is(await productCount(), before + 1);
});

test('a body that does not fit is rejected by the pipeline with 400 and the field path', async () => {
  const decision = await decide(
    input('POST', '/v1/products', { name: 'x', price_cents: 'abc' }),
    table,
    ctx(),
  );
  assert.is(decision.action, 'reject');
  assert.is(decision.status, 400);
  assert.is(
    decision.problem?.detail,
    'body.price_cents: expected an int64 (number or decimal string), found "abc"',
  );
});

test.run();
