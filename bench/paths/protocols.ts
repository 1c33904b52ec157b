/**
 * REST → gRPC and REST → SOAP: the example config's `products` and `inventory-stock` routes in
 * front of the real fixtures, against a direct @grpc/grpc-js client and a direct `soap` client
 * calling the same fixtures. The fixtures and the clients run in the bench process (load core).
 */
import { join } from 'node:path';
import type { RunningGrpcFixture, RunningSoapFixture } from '../../fixtures/index.js';
import { stop } from '../lib/proc.js';
import {
  type BenchPath,
  closedLoop,
  fmt,
  LOOP_HEAD,
  loopCells,
  type PathContext,
  section,
  startGateway,
  times,
} from './kit.js';

const LOOP = { seconds: 3, maxCount: 30_000, concurrency: 10 };

async function withExample<T>(
  ctx: PathContext,
  body: (
    gateway: string,
    fixtures: { products: RunningGrpcFixture; inventory: RunningSoapFixture },
  ) => Promise<T>,
): Promise<T> {
  const f = await import('../../fixtures/index.js');
  const products = await f.startProductService({ port: 0 });
  const inventory = await f.startInventoryService({ port: 0 });
  const env = {
    GATEWAY_DEMO_PORT_4401: String(products.port),
    GATEWAY_DEMO_PORT_4501: String(inventory.port),
  };
  const config = join(ctx.root, 'gateway.config.example.ts');
  const gateway = await startGateway(ctx, config, { readyPath: '/v1/products/42', env });
  try {
    return await body(gateway.url, { products, inventory });
  } finally {
    await stop(gateway.proc);
    await products.close();
    await inventory.close();
  }
}

async function fetchText(url: string, init?: RequestInit): Promise<string> {
  const res = await fetch(url, init);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${res.status}`);
  return text;
}

export const grpcPath: BenchPath = {
  key: 'grpc',
  title: 'REST → gRPC',
  run: (ctx) =>
    withExample(ctx, async (gateway, { products }) => {
      const grpc = await import('@grpc/grpc-js');
      const loader = await import('@grpc/proto-loader');
      const f = await import('../../fixtures/index.js');
      const definition = await loader.load(f.PRODUCTS_PROTO, f.PRODUCTS_LOADER_OPTIONS);
      const shop = grpc.loadPackageDefinition(definition) as unknown as {
        shop: { v1: { ProductService: typeof grpc.Client } };
      };
      const client = new shop.shop.v1.ProductService(products.address, grpc.credentials.createInsecure());
      const call = client as unknown as {
        getProduct(req: object, cb: (error: Error | null) => void): void;
        watchStock(req: object): NodeJS.EventEmitter;
        close(): void;
      };
      try {
        ctx.log('grpc: unary through the gateway, then direct');
        const through = await closedLoop({
          ...LOOP,
          once: () => fetchText(`${gateway}/v1/products/42`).then(() => {}),
        });
        const direct = await closedLoop({
          ...LOOP,
          once: () =>
            new Promise<void>((resolve, reject) =>
              call.getProduct({ id: '42' }, (error) => (error ? reject(error) : resolve())),
            ),
        });
        ctx.log('grpc: 20 server streams × 100 messages, through and direct');
        const streams = 20;
        const updates = 100;
        const t0 = performance.now();
        const lines = await Promise.all(
          Array.from({ length: streams }, () =>
            fetchText(`${gateway}/v1/products/42/stock?updates=${updates}`).then(
              (text) => text.split('\n').filter((l) => l.startsWith('{"id"')).length,
            ),
          ),
        );
        const throughRate = lines.reduce((a, b) => a + b, 0) / ((performance.now() - t0) / 1000);
        const t1 = performance.now();
        const counts = await Promise.all(
          Array.from(
            { length: streams },
            () =>
              new Promise<number>((resolve, reject) => {
                let n = 0;
                const stream = call.watchStock({ id: '42', updates });
                stream.on('data', () => n++);
                stream.on('end', () => resolve(n));
                stream.on('error', reject);
              }),
          ),
        );
        const directRate = counts.reduce((a, b) => a + b, 0) / ((performance.now() - t1) / 1000);
        return section(
          'REST → gRPC (GET /v1/products/42 → ProductService.GetProduct; 10 concurrent callers, 3 s)',
          ['path', ...LOOP_HEAD, '× direct'],
          [
            ['gateway (REST → gRPC)', ...loopCells(through), times(through.perSecond, direct.perSecond)],
            ['@grpc/grpc-js client, direct', ...loopCells(direct), '1.00×'],
            [
              `server streaming, gateway (NDJSON): messages/s, ${streams} streams × ${updates}`,
              fmt(throughRate),
              '',
              '',
              '',
              String(streams * updates - lines.reduce((a, b) => a + b, 0)),
              times(throughRate, directRate),
            ],
            [
              `server streaming, grpc-js direct: messages/s, ${streams} streams × ${updates}`,
              fmt(directRate),
              '',
              '',
              '',
              String(streams * updates - counts.reduce((a, b) => a + b, 0)),
              '1.00×',
            ],
          ],
          'For a user: the calls/s ratio is what the JSON ↔ protobuf translation and the extra HTTP hop cost against calling the service with its own client. The fixture paces `WatchStock` at one message per 20 ms per stream, so the streaming rows show whether the gateway keeps that pace (the ideal is 1.00×), not a throughput ceiling; "failed" there counts messages missing.',
        );
      } finally {
        call.close();
      }
    }),
};

export const soapPath: BenchPath = {
  key: 'soap',
  title: 'REST → SOAP',
  run: (ctx) =>
    withExample(ctx, async (gateway, { inventory }) => {
      const soap = await import('soap');
      const f = await import('../../fixtures/index.js');
      const client = await soap.createClientAsync(f.INVENTORY_WSDL, {
        endpoint: inventory.url,
      });
      ctx.log('soap: GetStock through the gateway, then direct');
      const through = await closedLoop({
        ...LOOP,
        once: () => fetchText(`${gateway}/inventory/ABC-1`).then(() => {}),
      });
      const direct = await closedLoop({
        ...LOOP,
        once: async () => {
          await (client as unknown as { GetStockAsync(args: object): Promise<unknown> }).GetStockAsync({
            sku: 'ABC-1',
          });
        },
      });
      return section(
        'REST → SOAP (GET /inventory/ABC-1 → InventoryService.GetStock; 10 concurrent callers, 3 s)',
        ['path', ...LOOP_HEAD, '× direct'],
        [
          ['gateway (REST → SOAP)', ...loopCells(through), times(through.perSecond, direct.perSecond)],
          ['`soap` client, direct', ...loopCells(direct), '1.00×'],
        ],
        'For a user: what building the envelope, the SOAP call and turning the XML answer into JSON cost, against the `soap` package calling the service itself (the client runs in the bench process, so its own XML work is on the load core in both rows).',
      );
    }),
};
