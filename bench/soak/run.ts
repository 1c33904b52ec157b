/**
 * The soak: the gateway (`gateway dev --no-ui --log json`, its own process) in front of the
 * demo's fixtures on ephemeral ports, under steady load; the config rewritten every
 * `reloadEveryMs` (valid a, valid b, …, every fourth write an invalid one); one `orders`
 * instance killed and restarted on its port every `killEveryMs`. Loopback only, bounded in time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  type RunningFixture,
  startEcho,
  startInventoryService,
  startOrders,
  startProductService,
  startUsers,
} from '../../fixtures/index.js';
import { mintToken } from '../../fixtures/tokens.js';
import { type FixtureUrls, invalidConfig, soakConfig } from './config.js';
import { type LoadFigures, type LoadRequest, runLoad } from './load.js';
import { type ProcessSample, sampleProcess } from './process-stats.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface SoakOptions {
  readonly seconds: number;
  readonly reloadEveryMs?: number;
  readonly killEveryMs?: number;
  /** How long a killed instance stays down. @default 3000 */
  readonly downMs?: number;
  readonly concurrency?: number;
  /** Load before the "start" sample, so start-up allocation is not counted as growth. */
  readonly warmupMs?: number;
  readonly log?: (line: string) => void;
}

export interface SoakFigures extends LoadFigures {
  readonly seconds: number;
  reloadsWritten: number;
  reloadsApplied: number;
  reloadsRefused: number;
  kills: number;
  /** Load before `start` was sampled. */
  warmupMs: number;
  readonly launched: ProcessSample;
  start: ProcessSample;
  end: ProcessSample;
}

/** Runs one soak and returns its figures. */
export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
  const log = options.log ?? (() => {});
  const reloadEveryMs = options.reloadEveryMs ?? 5000;
  const killEveryMs = options.killEveryMs ?? 30_000;
  const downMs = options.downMs ?? 3000;
  const fixtures = await startFixtures();
  const dir = await mkdtemp(join(tmpdir(), 'gateway-soak-'));
  const file = join(dir, 'gateway.config.json');
  await writeFile(file, JSON.stringify(soakConfig(fixtures.urls, 'a'), null, 2));
  const gateway = await startGatewayProcess(file, join(dir, 'gateway.log'));
  const timers: NodeJS.Timeout[] = [];
  try {
    const figures: SoakFigures = {
      seconds: options.seconds,
      sent: 0,
      idempotentFailures: 0,
      nonIdempotentFailures: 0,
      failuresByCause: {},
      reloadsWritten: 0,
      reloadsApplied: 0,
      reloadsRefused: 0,
      kills: 0,
      warmupMs: 0,
      launched: sampleProcess(gateway.pid),
      start: sampleProcess(gateway.pid),
      end: sampleProcess(gateway.pid),
    };
    log(`gateway ${gateway.url} (pid ${gateway.pid}), config ${file}`);
    const deadline = Date.now() + options.seconds * 1000;
    // V8 grows its heap for the first minute or two under load and then holds it (the 30 s
    // samples show the plateau); growth is measured from there, so it means a leak, not warm-up.
    const warmupMs = options.warmupMs ?? Math.min(120_000, (options.seconds * 1000) / 5);
    figures.warmupMs = warmupMs;
    let validWrites = 0;
    timers.push(setTimeout(() => (figures.start = sampleProcess(gateway.pid)), warmupMs));
    timers.push(
      setInterval(() => {
        const n = ++figures.reloadsWritten;
        // Valid writes alternate b, a, b, … so that each one differs from the config being served
        // (a refused write leaves the previous one serving; writing that again would be a no-op).
        const config =
          n % 4 === 0
            ? invalidConfig(fixtures.urls)
            : soakConfig(fixtures.urls, validWrites++ % 2 === 0 ? 'b' : 'a');
        void writeAtomically(file, JSON.stringify(config, null, 2));
      }, reloadEveryMs),
    );
    timers.push(
      setInterval(() => {
        const sample = sampleProcess(gateway.pid);
        log(`RSS ${sample.rssMiB.toFixed(1)} MiB, ${sample.openFds} fds`);
      }, 30_000),
    );
    timers.push(
      setInterval(() => {
        const index = figures.kills++ % fixtures.orders.length;
        void fixtures
          .restartOrders(index, downMs)
          .then(() => log(`orders-${index + 1} killed and restarted`));
      }, killEveryMs),
    );
    const load = await runLoad(gateway.url, await requestMix(), {
      concurrency: options.concurrency ?? 8,
      deadline,
    });
    for (const timer of timers) clearInterval(timer);
    // The last reload written may still be on its way through the watcher's debounce.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    figures.end = sampleProcess(gateway.pid);
    const reloads = await gateway.countReloads();
    figures.reloadsApplied = reloads.applied;
    figures.reloadsRefused = reloads.refused;
    return { ...figures, ...load };
  } finally {
    for (const timer of timers) clearInterval(timer);
    await gateway.stop();
    await fixtures.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Write then rename: the watcher never reads a half-written file (which would count as refused). */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

/** The mix: five idempotent GETs (plain, JWT, gRPC, SOAP, echo) and one POST. */
async function requestMix(): Promise<LoadRequest[]> {
  const token = await mintToken({ scope: 'orders:read orders:write' }, { expiresIn: '12h' });
  const auth = { authorization: `Bearer ${token}` };
  return [
    { name: 'GET /users/1', method: 'GET', path: '/users/1', expect: 200 },
    { name: 'GET /orders/1', method: 'GET', path: '/orders/1', headers: auth, expect: 200 },
    { name: 'GET /v1/products/42', method: 'GET', path: '/v1/products/42', expect: 200 },
    { name: 'GET /orders/2', method: 'GET', path: '/orders/2', headers: auth, expect: 200 },
    { name: 'GET /inventory/ABC-1', method: 'GET', path: '/inventory/ABC-1', expect: 200 },
    { name: 'GET /echo/soak', method: 'GET', path: '/echo/soak?x=1', expect: 200 },
    {
      name: 'POST /orders',
      method: 'POST',
      path: '/orders',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 1, sku: 'ABC-1', quantity: 1 }),
      expect: 201,
    },
  ];
}

interface SoakFixtures {
  readonly urls: FixtureUrls;
  readonly orders: RunningFixture[];
  restartOrders(index: number, downMs: number): Promise<void>;
  close(): Promise<void>;
}

/** The demo's fixtures, each on a free port; `orders` instances can be killed and restarted. */
async function startFixtures(): Promise<SoakFixtures> {
  const users = await Promise.all([startUsers({ instance: 'users-1' }), startUsers({ instance: 'users-2' })]);
  const orders = await Promise.all([1, 2, 3].map((n) => startOrders({ instance: `orders-${n}` })));
  const echo = await startEcho({ instance: 'echo-1' });
  const products = await startProductService();
  const inventory = await startInventoryService();
  const ports = orders.map((o) => o.port);
  return {
    urls: {
      users: users.map((u) => u.url),
      orders: orders.map((o) => o.url),
      echo: echo.url,
      products: products.url,
      inventory: inventory.url,
    },
    orders,
    async restartOrders(index, downMs) {
      // close() drops every open connection at once: in-flight requests are cut, as by a crash.
      await orders[index]!.close();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      orders[index] = await startOrders({ instance: `orders-${index + 1}`, port: ports[index] });
    },
    async close() {
      await Promise.all([...users, ...orders, echo, products, inventory].map((f) => f.close()));
    },
  };
}

interface GatewayProcess {
  readonly url: string;
  readonly pid: number;
  /** Reload lines in the gateway's log so far: applied and refused. */
  countReloads(): Promise<{ applied: number; refused: number }>;
  stop(): Promise<void>;
}

/**
 * `gateway dev --no-ui --log json` on an ephemeral port, in its own process (measured alone).
 * Its log goes to a file, not a pipe: node writes to a file synchronously, while a pipe the
 * reader falls behind on would pile up in the gateway's memory and show as RSS growth.
 */
async function startGatewayProcess(file: string, logFile: string): Promise<GatewayProcess> {
  const out = await open(logFile, 'w');
  const child: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, 'bin/gateway.js'), 'dev', '--no-ui', '--log', 'json', '--config', file, '--port', '0'],
    { cwd: ROOT, stdio: ['ignore', out.fd, 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
  );
  await out.close();
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let url: string | undefined;
  for (let waited = 0; url === undefined; waited += 100) {
    if (child.exitCode !== null || waited > 30_000) {
      child.kill('SIGKILL');
      throw new Error(`gateway did not start (exit ${child.exitCode}): ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const head = (await readFile(logFile, 'utf8').catch(() => '')).slice(0, 4096);
    url = /gateway listening on (http:\/\/\S+)/.exec(head)?.[1];
  }
  return {
    url,
    pid: child.pid!,
    async countReloads() {
      const counts = { applied: 0, refused: 0 };
      const lines = createInterface({
        input: createReadStream(logFile),
        crlfDelay: Number.POSITIVE_INFINITY,
      });
      for await (const line of lines) {
        if (line.startsWith('{"type":"reload",')) counts.applied++;
        else if (line.startsWith('{"type":"reload-failed",')) counts.refused++;
      }
      return counts;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 8000).unref();
      }),
  };
}
