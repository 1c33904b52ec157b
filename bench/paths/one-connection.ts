/**
 * The tail at one connection: raw http-proxy-3 against the gateway with 1,000 routes + api-key,
 * `wrk -c1`, 3 interleaved rounds of 1 s warm-up + 3 s. At one connection nothing queues, so p99
 * is the cost of one request plus whatever pauses (GC, a slow event-loop turn) land on it.
 */
import {
  HIT_PATH,
  oneRouteConfig,
  rateLimitedConfig,
  thousandRoutesConfig,
  writeGatewayConfig,
} from '../lib/configs.js';
import { contenders } from '../lib/contenders.js';
import { runLoad } from '../lib/load.js';
import { cpuSeconds, freePort, processTree, stop, waitFor } from '../lib/proc.js';
import { median } from '../lib/stats.js';
import { type BenchPath, fmt, section } from './kit.js';

const ROUNDS = 3;

export const oneConnectionPath: BenchPath = {
  key: 'c1',
  title: 'One connection',
  async run(ctx) {
    const configs = {
      one: writeGatewayConfig(ctx.dir, 'gateway-1', oneRouteConfig(ctx.backendUrl)),
      thousand: writeGatewayConfig(ctx.dir, 'gateway-1000', thousandRoutesConfig(ctx.backendUrl)),
      rateLimited: writeGatewayConfig(ctx.dir, 'gateway-1-rl', rateLimitedConfig(ctx.backendUrl)),
    };
    const cctx = {
      root: ctx.root,
      backendUrl: ctx.backendUrl,
      backendProc: undefined as never,
      core: ctx.core,
      configs,
      nodeFlags: [],
    };
    const list = contenders({ nginx: false, logVariants: false }).filter((c) =>
      ['http-proxy-3', 'gateway-1000'].includes(c.key),
    );
    const samples = new Map(
      list.map((c) => [c.key, [] as { p50: number; p99: number; p999: number; rps: number; cpu: number }[]]),
    );
    for (let round = 1; round <= ROUNDS; round++) {
      for (const c of list) {
        const port = await freePort();
        const proc = c.start(port, cctx)!;
        try {
          const url = `http://127.0.0.1:${port}${HIT_PATH}`;
          await waitFor(url, proc, { headers: c.headers });
          const load = { url, headers: c.headers, connections: 1, core: ctx.loadCore };
          await runLoad(ctx.tool, { ...load, seconds: 1 });
          const pids = processTree(proc.pid);
          const before = cpuSeconds(pids);
          const r = await runLoad(ctx.tool, { ...load, seconds: 3 });
          const cpu = ((cpuSeconds(pids) - before) * 1e6) / r.requests;
          samples.get(c.key)!.push({ p50: r.p50Ms, p99: r.p99Ms, p999: r.p999Ms, rps: r.rps, cpu });
          ctx.log(
            `c1 round ${round}/${ROUNDS} ${c.key.padEnd(14)} p99 ${r.p99Ms.toFixed(2)} ms  ${cpu.toFixed(0)} µs/req`,
          );
        } finally {
          await stop(proc);
        }
      }
    }
    const med = (
      key: string,
      pick: (s: { p50: number; p99: number; p999: number; rps: number; cpu: number }) => number,
    ) => median(samples.get(key)!.map(pick));
    const rows = list.map((c) => [
      c.label,
      fmt(med(c.key, (s) => s.rps)),
      fmt(
        med(c.key, (s) => s.p50),
        2,
      ),
      fmt(
        med(c.key, (s) => s.p99),
        2,
      ),
      fmt(
        med(c.key, (s) => s.p999),
        2,
      ),
      fmt(med(c.key, (s) => s.cpu)),
    ]);
    return section(
      `One connection (${ctx.tool} -c1, ${ROUNDS} interleaved rounds of 1 s warm-up + 3 s; medians)`,
      ['contender', 'req/s', 'p50 ms', 'p99 ms', 'p99.9 ms', 'CPU µs/req'],
      rows,
      "For a user: a single browser tab or a test making one request after another never queues, so these latencies are what each request feels; the target is a gateway p99 at or below raw http-proxy-3's.",
    );
  },
};
