/**
 * REST → gRPC unary through the gateway against a direct @grpc/grpc-js client call to the same
 * ProductService fixture (GetProduct id 42), in the same run: the fixture runs in its own process
 * on the load core; the gateway on the proxy core under the load generator (GET
 * /api/products/42); the direct client in the bench process (load core), 50 calls in flight like
 * the load generator's 50 connections. Interleaved rounds, the gateway restarted each round.
 */
import { join } from 'node:path';
import { PRODUCTS_PROTO, PROTO_DIR } from '../../fixtures/paths.js';
import { writeGatewayConfig } from './configs.js';
import { type LoadTool, runLoad } from './load.js';
import { freePort, startPinned, stop, waitFor } from './proc.js';
import { max, median, min } from './stats.js';

export interface GrpcBenchOptions {
  readonly root: string;
  readonly dir: string;
  readonly proxyCore: number | undefined;
  readonly loadCore: number | undefined;
  readonly tool: LoadTool;
  readonly rounds: number;
  readonly seconds: number;
  readonly warmup: number;
  readonly log: (text: string) => void;
}

interface Sample {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
}

const CONCURRENCY = 50;

/** Runs the rounds and returns the Markdown table (with the ratio). */
export async function benchGrpcUnary(o: GrpcBenchOptions): Promise<string> {
  const fixture = startPinned(
    o.loadCore,
    process.execPath,
    ['--import', 'tsx', join(o.root, 'bench/servers/products.ts')],
    {
      stdout: 'pipe',
      cwd: o.root,
    },
  );
  const target = await new Promise<string>((resolve, reject) => {
    fixture.child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    fixture.child.once('exit', () => reject(new Error(`products fixture exited: ${fixture.stderr()}`)));
  });
  const config = writeGatewayConfig(o.dir, 'gateway-grpc', {
    server: { host: '127.0.0.1', port: 8080 },
    upstreams: {
      products: {
        targets: [target],
        protocol: 'grpc',
        grpc: { protos: [PRODUCTS_PROTO], includeDirs: [PROTO_DIR] },
      },
    },
    routes: [{ name: 'products', match: { path: '/api/products/**' }, upstream: 'products', auth: false }],
  });
  const grpc = await import('@grpc/grpc-js');
  const client = new grpc.Client(target.replace('grpc://', ''), grpc.credentials.createInsecure());
  const gatewaySamples: Sample[] = [];
  const directSamples: Sample[] = [];
  try {
    for (let round = 1; round <= o.rounds; round++) {
      const port = await freePort();
      const args = [join(o.root, 'bin/gateway.js'), 'dev', '--no-ui', '-c', config, '--port', String(port)];
      const proc = startPinned(o.proxyCore, process.execPath, args, {
        env: { ...process.env, NO_COLOR: '1' },
        cwd: o.root,
      });
      try {
        const url = `http://127.0.0.1:${port}/api/products/42`;
        await waitFor(url, proc);
        const load = { url, headers: {}, connections: CONCURRENCY, core: o.loadCore };
        await runLoad(o.tool, { ...load, seconds: o.warmup });
        const result = await runLoad(o.tool, { ...load, seconds: o.seconds });
        gatewaySamples.push(result);
      } finally {
        await stop(proc);
      }
      await callDirect(client, o.warmup);
      directSamples.push(await callDirect(client, o.seconds));
      const [g, d] = [gatewaySamples.at(-1)!, directSamples.at(-1)!];
      o.log(
        `round ${round}/${o.rounds} grpc: gateway ${g.rps.toFixed(0)} req/s, direct ${d.rps.toFixed(0)} calls/s`,
      );
    }
  } finally {
    client.close();
    await stop(fixture);
  }
  return table(gatewaySamples, directSamples);
}

/** GetProduct { id: "42" } from @grpc/grpc-js, CONCURRENCY in flight, for `seconds`. */
async function callDirect(client: import('@grpc/grpc-js').Client, seconds: number): Promise<Sample> {
  const request = Buffer.from([0x0a, 0x02, 0x34, 0x32]);
  const latencies: number[] = [];
  let failures = 0;
  const end = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const started = performance.now();
      await new Promise<void>((resolve) => {
        client.makeUnaryRequest(
          '/shop.v1.ProductService/GetProduct',
          (b: Buffer) => b,
          (b: Buffer) => b,
          request,
          (error) => {
            if (error) failures++;
            resolve();
          },
        );
      });
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { rps: latencies.length / elapsed, p50Ms: at(0.5), p99Ms: at(0.99), failures };
}

function table(gateway: Sample[], direct: Sample[]): string {
  const row = (label: string, s: Sample[]) => {
    const rps = s.map((x) => x.rps);
    return `| ${label} | ${median(rps).toFixed(0)} (${min(rps).toFixed(0)}–${max(rps).toFixed(0)}) | ${median(s.map((x) => x.p50Ms)).toFixed(2)} | ${median(s.map((x) => x.p99Ms)).toFixed(2)} | ${s.reduce((n, x) => n + x.failures, 0)} |`;
  };
  const ratio = median(gateway.map((s) => s.rps)) / median(direct.map((s) => s.rps));
  return [
    '| REST → gRPC unary (GetProduct) | req/s | p50 ms | p99 ms | failures |',
    '|---|---:|---:|---:|---:|',
    row('gateway: GET /api/products/42 → gRPC', gateway),
    row('direct @grpc/grpc-js client call', direct),
    '',
    `Gateway ÷ direct: **${(ratio * 100).toFixed(0)} %** of the direct client's calls/s (medians of the same run).`,
  ].join('\n');
}
