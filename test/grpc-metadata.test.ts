import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PRODUCTS_LOADER_OPTIONS, PRODUCTS_PROTO, PROTO_INCLUDE_DIRS } from '../fixtures/grpc.js';
import type { GrpcTransform } from '../src/pipeline/transform/compiled.js';
import { callGrpc, GrpcChannelPool } from '../src/protocols/index.js';
import { bodyText, request, resolved, transformOf } from './transform-support.js';

// Headers → metadata and metadata → headers, deadlines and cancellation, against a tiny
// ProductService that echoes what it received (the fixture does not look at metadata).

let server: grpc.Server;
let url: string;
let transform: GrpcTransform;
const pool = new GrpcChannelPool();

test.before(async () => {
  const definition = await protoLoader.load(PRODUCTS_PROTO, PRODUCTS_LOADER_OPTIONS);
  server = new grpc.Server();
  server.addService(
    definition['shop.v1.ProductService'] as grpc.ServiceDefinition,
    {
      GetProduct(call: grpc.ServerUnaryCall<{ id: string }, object>, callback: grpc.sendUnaryData<object>) {
        if (call.request.id === 'slow') return; // never answers: deadlines and cancellation
        const initial = new grpc.Metadata();
        initial.set('x-served-by', 'echo-1');
        call.sendMetadata(initial);
        const trailers = new grpc.Metadata();
        trailers.set('x-cost', '3');
        const seen = ['x-user', 'x-request-id', 'cookie']
          .map((k) => `${k}=${call.metadata.get(k).join(',')}`)
          .join(';');
        callback(null, { id: call.request.id, name: seen }, trailers);
      },
    } as grpc.UntypedServiceImplementation,
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  url = `grpc://127.0.0.1:${port}`;
  const config = resolved({
    upstreams: {
      echo: {
        targets: [url],
        protocol: 'grpc',
        grpc: {
          protos: [PRODUCTS_PROTO],
          includeDirs: [PROTO_INCLUDE_DIRS[0]!],
          forwardHeaders: ['x-user', 'x-request-id'],
          returnMetadata: ['x-served-by', 'x-cost'],
        },
      },
    },
    routes: [{ name: 'echo', match: { path: '/**' }, upstream: 'echo' }],
  });
  transform = (await transformOf(config, 'echo')) as GrpcTransform;
});

test.after(() => {
  pool.close();
  server.forceShutdown();
});

async function get(id: string, options: { deadlineMs?: number; signal?: AbortSignal } = {}) {
  const planned = await transform.plan({
    request: request('GET', `/api/products/${id}`, {
      headers: { 'x-user': 'alice', 'x-request-id': 'r-1', cookie: 'secret' },
    }),
    upstreamPath: `/api/products/${id}`,
    params: {},
  });
  if (!planned.ok) throw new Error(planned.problem.detail);
  const response = await callGrpc(
    planned.plan,
    { url, id: url.slice(7) },
    { transform, channelPool: pool, timeout: options.deadlineMs ?? 5000, signal: options.signal },
  );
  return { response, json: JSON.parse(await bodyText(response)) };
}

test('only forwardHeaders reach the upstream as metadata', async () => {
  const { json } = await get('1');
  assert.is(json.name, 'x-user=alice;x-request-id=r-1;cookie=');
});

test('returnMetadata keys come back as grpc-metadata-* headers (initial metadata and trailers)', async () => {
  const { response } = await get('1');
  assert.is(response.headers['grpc-metadata-x-served-by'], 'echo-1');
  assert.is(response.headers['grpc-metadata-x-cost'], '3');
});

test('the route timeout is the deadline: DEADLINE_EXCEEDED → 504', async () => {
  const { response, json } = await get('slow', { deadlineMs: 1 });
  assert.is(response.status, 504);
  assert.is(json.grpcCode, 'DEADLINE_EXCEEDED');
});

test('the client going away cancels the call: CANCELLED → 499', async () => {
  const controller = new AbortController();
  const pending = get('slow', { signal: controller.signal });
  setImmediate(() => controller.abort());
  const { response, json } = await pending;
  assert.is(response.status, 499);
  assert.is(json.grpcCode, 'CANCELLED');
});

test.run();
