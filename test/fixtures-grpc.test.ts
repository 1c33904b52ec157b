/**
 * The gRPC `ProductService` fixture through a real @grpc/grpc-js client loaded from the same proto:
 * get, not found, paging, create and its validation, server streaming, and the HTTP annotations.
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  PRODUCT_SERVICE,
  PRODUCTS_LOADER_OPTIONS,
  PRODUCTS_PROTO,
  type RunningGrpcFixture,
  startProductService,
} from '../fixtures/index.js';

// biome-ignore lint/suspicious/noExplicitAny: the client and its replies are built at runtime from the proto; assertions check them
type Dynamic = any;

const definition = await protoLoader.load(PRODUCTS_PROTO, PRODUCTS_LOADER_OPTIONS);
const loaded = grpc.loadPackageDefinition(definition) as Dynamic;

let products: RunningGrpcFixture;
let client: Dynamic;
test.before(async () => {
  products = await startProductService();
  client = new loaded.shop.v1.ProductService(products.address, grpc.credentials.createInsecure());
});
test.after(async () => {
  client?.close();
  await products?.close();
});

function unary(method: string, request: object): Promise<Dynamic> {
  return new Promise((resolve, reject) =>
    client[method](request, (error: grpc.ServiceError | null, reply: unknown) =>
      error ? reject(error) : resolve(reply),
    ),
  );
}

async function failure(method: string, request: object): Promise<grpc.ServiceError> {
  return unary(method, request).then(
    () => assert.unreachable(`${method} should fail`) as never,
    (error: grpc.ServiceError) => error,
  );
}

test('the proto carries the google.api.http annotations', () => {
  const service = definition[PRODUCT_SERVICE] as Record<string, Dynamic>;
  const http = (method: string) => service[method].options['(google.api.http)'];
  assert.equal(http('GetProduct'), { get: '/api/products/{id}' });
  assert.equal(http('ListProducts'), { get: '/api/products' });
  assert.equal(http('CreateProduct'), {
    post: '/api/products',
    body: 'product',
    additional_bindings: { post: '/api/products:create', body: '*' },
  });
  assert.equal(http('WatchStock'), { get: '/api/products/{id}/stock' });
  assert.ok(service.WatchStock.responseStream);
});

test('GetProduct 42 returns the seeded book', async () => {
  const product = await unary('GetProduct', { id: '42' });
  assert.equal(product, {
    id: '42',
    name: "The Hitchhiker's Guide",
    priceCents: '4200',
    tags: ['sci-fi', 'classic'],
    category: 'BOOKS',
    createdAt: { seconds: String(Date.parse('2024-01-01T00:00:00Z') / 1000), nanos: 0 },
    stock: 42,
  });
});

test('GetProduct 999 is NOT_FOUND with a readable message', async () => {
  const error = await failure('GetProduct', { id: '999' });
  assert.is(error.code, grpc.status.NOT_FOUND);
  assert.is(error.details, 'product 999 not found');
});

test('ListProducts pages with page_size and next_page_token, and filters by category', async () => {
  const first = await unary('ListProducts', { pageSize: 2 });
  assert.equal(
    first.products.map((p: { id: string }) => p.id),
    ['1', '7'],
  );
  assert.is(first.totalSize, 3);
  assert.is(first.nextPageToken, '2');
  const second = await unary('ListProducts', { pageSize: 2, pageToken: first.nextPageToken });
  assert.equal(
    second.products.map((p: { id: string }) => p.id),
    ['42'],
  );
  assert.is(second.nextPageToken, '');
  const tools = await unary('ListProducts', { category: 'TOOLS' });
  assert.equal(
    tools.products.map((p: { name: string }) => p.name),
    ['Claw Hammer'],
  );
  const bad = await failure('ListProducts', { pageToken: 'abc' });
  assert.is(bad.code, grpc.status.INVALID_ARGUMENT);
});

test('CreateProduct adds a product and rejects an empty name', async () => {
  const created = await unary('CreateProduct', {
    product: { name: 'Spirit Level', priceCents: '2500', category: 'TOOLS', stock: 3 },
  });
  assert.is(created.id, '43');
  assert.is(created.category, 'TOOLS');
  assert.ok(Number(created.createdAt.seconds) > 0);
  assert.is((await unary('GetProduct', { id: '43' })).name, 'Spirit Level');
  const invalid = await failure('CreateProduct', { product: { name: '' } });
  assert.is(invalid.code, grpc.status.INVALID_ARGUMENT);
  assert.is(invalid.details, 'product.name must not be empty');
});

test('WatchStock streams the requested number of updates', async () => {
  const updates: Dynamic[] = [];
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const call = client.WatchStock({ id: '7', updates: 4 });
    call.on('data', (update: unknown) => updates.push(update));
    call.on('error', reject);
    call.on('end', resolve);
  });
  assert.equal(
    updates.map((u) => [u.id, u.stock]),
    [
      ['7', 7],
      ['7', 6],
      ['7', 5],
      ['7', 4],
    ],
  );
  assert.ok(updates.every((u) => Number(u.at.seconds) > 0));
  assert.ok(performance.now() - started >= 55, 'updates are ~20 ms apart');
});

test('WatchStock of an unknown product ends with NOT_FOUND', async () => {
  const error = await new Promise<grpc.ServiceError>((resolve) => {
    const call = client.WatchStock({ id: '999' });
    call.on('data', () => assert.unreachable('no updates expected'));
    call.on('error', resolve);
  });
  assert.is(error.code, grpc.status.NOT_FOUND);
  assert.is(error.details, 'product 999 not found');
});

test.run();
