import type { DescService } from '@bufbuild/protobuf';
import { Code, ConnectError, createClient } from '@connectrpc/connect';
import { createGrpcWebTransport } from '@connectrpc/connect-node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  PRODUCTS_PROTO,
  PROTO_INCLUDE_DIRS,
  type RunningGrpcFixture,
  startProductService,
} from '../fixtures/grpc.js';
import type { RunningFixture } from '../fixtures/listen.js';
import { NOTES_PROTO, startNoteService } from '../fixtures/notes.js';
import { loadProtos } from '../src/pipeline/transform/grpc/load.js';
import { startTestGateway, type TestGateway } from './proxy-harness.js';

// gRPC-Web through the gateway with a real client from npm (@connectrpc/connect-node's gRPC-Web
// transport, service descriptors from the same proto) against the ProductService fixture.

let products: RunningGrpcFixture;
let notes: RunningFixture;
let gateway: TestGateway;
let service: DescService;
const ORIGIN = 'http://app.example';

test.before(async () => {
  products = await startProductService();
  notes = await startNoteService();
  gateway = await startTestGateway({
    server: { cors: { origins: [ORIGIN] } },
    upstreams: {
      products: {
        targets: [products.url],
        protocol: 'grpc',
        grpc: { protos: [PRODUCTS_PROTO], includeDirs: [PROTO_INCLUDE_DIRS[0]!] },
      },
      notes: { targets: [notes.url], protocol: 'grpc', grpc: { protos: [NOTES_PROTO] } },
    },
    routes: [
      { name: 'web', match: { path: '/shop.v1.ProductService/**' }, upstream: 'products', grpcWeb: true },
      { name: 'rest', match: { path: '/api/**' }, upstream: 'products' },
      { name: 'notes-web', match: { path: '/notes.v1.NoteService/**' }, upstream: 'notes', grpcWeb: true },
    ],
  });
  const loaded = await loadProtos([PRODUCTS_PROTO], [PROTO_INCLUDE_DIRS[0]!]);
  if (!loaded.ok) throw new Error(loaded.message);
  service = loaded.loaded.registry.getService('shop.v1.ProductService')!;
});

test.after(async () => {
  await gateway.close();
  await products.close();
  await notes.close();
});

function client() {
  const transport = createGrpcWebTransport({ baseUrl: gateway.url, httpVersion: '1.1' });
  return createClient(service, transport) as unknown as Record<string, (input: object) => unknown>;
}

test('unary: GetProduct answers the product', async () => {
  const product = (await client().getProduct!({ id: '42' })) as {
    name: string;
    priceCents: bigint;
    tags: string[];
  };
  assert.is(product.name, "The Hitchhiker's Guide");
  assert.is(product.priceCents, 4200n);
  assert.equal(product.tags, ['sci-fi', 'classic']);
});

test('unary: a gRPC error arrives as the status in the trailers', async () => {
  try {
    await client().getProduct!({ id: '999' });
    assert.unreachable('should have failed');
  } catch (error) {
    assert.instance(error, ConnectError);
    assert.is((error as ConnectError).code, Code.NotFound);
    assert.match((error as ConnectError).rawMessage, 'product 999 not found');
  }
});

test('server streaming: WatchStock streams every update, then the OK trailers', async () => {
  const updates: number[] = [];
  const stream = client().watchStock!({ id: '42', updates: 3 }) as AsyncIterable<{ stock: number }>;
  for await (const update of stream) updates.push(update.stock);
  assert.equal(updates, [42, 41, 40]);
});

test('application/grpc-web-text: base64 both ways, trailers frame at the end', async () => {
  // GetProductRequest { id: "7" }: field 1, length 1, "7".
  const message = Buffer.from([0x0a, 0x01, 0x37]);
  const frame = Buffer.concat([Buffer.from([0, 0, 0, 0, message.length]), message]);
  const response = await fetch(`${gateway.url}/shop.v1.ProductService/GetProduct`, {
    method: 'POST',
    headers: { 'content-type': 'application/grpc-web-text', 'x-grpc-web': '1', origin: ORIGIN },
    body: frame.toString('base64'),
  });
  assert.is(response.status, 200);
  assert.is(response.headers.get('content-type'), 'application/grpc-web-text+proto');
  assert.is(response.headers.get('access-control-allow-origin'), ORIGIN);
  assert.match(response.headers.get('access-control-expose-headers') ?? '', 'grpc-status');
  const text = await response.text();
  const bytes = Buffer.concat(
    (text.match(/[A-Za-z0-9+/]+={0,2}/g) ?? []).map((c) => Buffer.from(c, 'base64')),
  );
  assert.is(bytes[0], 0x00, 'a data frame first');
  const length = bytes.readUInt32BE(1);
  const trailer = bytes.subarray(5 + length);
  assert.is(trailer[0], 0x80, 'then the trailers frame');
  assert.is(trailer.subarray(5).toString(), 'grpc-status:0\r\n');
});

/** One binary gRPC-Web call; the frames of the answer. */
async function webCall(path: string, message: Buffer, headers: Record<string, string> = {}) {
  const body = Buffer.concat([Buffer.from([0, 0, 0, 0, message.length]), message]);
  const response = await fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/grpc-web+proto', 'x-grpc-web': '1', ...headers },
    body,
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  const frames: { flags: number; payload: Buffer }[] = [];
  for (let at = 0; at + 5 <= bytes.length; ) {
    const length = bytes.readUInt32BE(at + 1);
    frames.push({ flags: bytes[at]!, payload: bytes.subarray(at + 5, at + 5 + length) });
    at += 5 + length;
  }
  return { response, bytes, frames };
}

test('an error status with google.rpc.Status details travels in the trailers frame', async () => {
  // FailRequest { code: 7, message: "no" }
  const { response, frames } = await webCall(
    '/notes.v1.NoteService/Fail',
    Buffer.from([0x08, 7, 0x12, 2, 0x6e, 0x6f]),
  );
  assert.is(response.status, 200);
  assert.is(frames.length, 1);
  assert.is(frames[0]!.flags, 0x80);
  const trailers = frames[0]!.payload.toString();
  assert.match(trailers, 'grpc-status:7\r\n');
  assert.match(trailers, 'grpc-message:no\r\n');
  assert.match(trailers, /grpc-status-details-bin:[A-Za-z0-9+/]+/);
});

test('an upstream answer without a valid message (truncated frame, grpc-status 0) is a 502', async () => {
  // GetNoteRequest { name: "notes/1" }
  const { response, bytes } = await webCall(
    '/notes.v1.NoteService/GetBrokenNote',
    Buffer.from([0x0a, 7, ...Buffer.from('notes/1')]),
  );
  assert.is(response.status, 502);
  assert.is(JSON.parse(bytes.toString()).type, 'urn:gateway:bad-gateway');
});

test("the client's grpc-timeout is the call's deadline: DEADLINE_EXCEEDED in the trailers", async () => {
  // WatchStockRequest { id: "42", updates: 100 }: 100 updates 20 ms apart, far beyond 50 ms.
  const { response, frames } = await webCall(
    '/shop.v1.ProductService/WatchStock',
    Buffer.from([0x0a, 2, 0x34, 0x32, 0x10, 100]),
    { 'grpc-timeout': '50m' },
  );
  assert.is(response.status, 200);
  const last = frames.at(-1)!;
  assert.is(last.flags, 0x80);
  assert.match(last.payload.toString(), 'grpc-status:4\r\n');
  assert.ok(frames.length < 100, `${frames.length} frames`);
});

test('an upstream that is down is a 502 before any frame, for unary and streaming calls', async () => {
  const down = await startTestGateway({
    upstreams: {
      products: {
        targets: ['grpc://127.0.0.1:1'],
        protocol: 'grpc',
        grpc: { protos: [PRODUCTS_PROTO], includeDirs: [PROTO_INCLUDE_DIRS[0]!] },
      },
    },
    routes: [
      { name: 'web', match: { path: '/shop.v1.ProductService/**' }, upstream: 'products', grpcWeb: true },
    ],
  });
  try {
    for (const [method, message] of [
      ['GetProduct', [0x0a, 1, 0x37]],
      ['WatchStock', [0x0a, 1, 0x37]],
    ] as const) {
      const frame = Buffer.from([0, 0, 0, 0, message.length, ...message]);
      const response = await fetch(`${down.url}/shop.v1.ProductService/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/grpc-web+proto' },
        body: frame,
      });
      assert.is(response.status, 502, method);
      assert.is(((await response.json()) as { type: string }).type, 'urn:gateway:bad-gateway');
    }
  } finally {
    await down.close();
  }
});

test('CORS preflight for a gRPC-Web call from another origin', async () => {
  const response = await fetch(`${gateway.url}/shop.v1.ProductService/GetProduct`, {
    method: 'OPTIONS',
    headers: {
      origin: ORIGIN,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,x-grpc-web,x-user-agent',
    },
  });
  assert.is(response.status, 204);
  assert.is(response.headers.get('access-control-allow-origin'), ORIGIN);
  assert.match(response.headers.get('access-control-allow-headers') ?? '', 'x-grpc-web');
});

test('a malformed gRPC-Web body is a 400 problem', async () => {
  const response = await fetch(`${gateway.url}/shop.v1.ProductService/GetProduct`, {
    method: 'POST',
    headers: { 'content-type': 'application/grpc-web+proto' },
    body: Buffer.from([0, 0, 0, 0, 9, 1]),
  });
  assert.is(response.status, 400);
  assert.match(((await response.json()) as { detail: string }).detail, 'cut short');
});

test('a route without grpcWeb does not take gRPC-Web bodies', async () => {
  const response = await fetch(`${gateway.url}/api/products/7`, {
    method: 'POST',
    headers: { 'content-type': 'application/grpc-web+proto' },
    body: Buffer.from([0, 0, 0, 0, 0]),
  });
  assert.ok(response.status >= 400 && response.status < 500, String(response.status));
});

test.run();
