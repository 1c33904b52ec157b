/**
 * A reload under steady load: 10 callers on keep-alive connections for 6 s; at 3 s the config
 * file is rewritten with one more route. p99 in the second after the write against the second
 * before it, and every request that failed (the goal is none).
 */
import { Agent, request } from 'node:http';
import { HIT_PATH, oneRouteConfig, writeGatewayConfig } from '../lib/configs.js';
import { get, sleep, stop } from '../lib/proc.js';
import { type BenchPath, fmt, percentile, section, startGateway, times } from './kit.js';

const SECONDS = 6;
const MAX_REQUESTS = 200_000;

export const reloadPath: BenchPath = {
  key: 'reload',
  title: 'Reload under load',
  async run(ctx) {
    const base = oneRouteConfig(ctx.backendUrl) as { routes: object[] };
    const config = writeGatewayConfig(ctx.dir, 'gateway-reload-load', base);
    const gateway = await startGateway(ctx, config, { readyPath: HIT_PATH });
    const agent = new Agent({ keepAlive: true, maxSockets: 10 });
    const samples: { at: number; ms: number; ok: boolean }[] = [];
    const once = () =>
      new Promise<boolean>((resolve) => {
        const req = request(`${gateway.url}${HIT_PATH}`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode === 200));
        });
        req.on('error', () => resolve(false));
        req.setTimeout(5000, () => req.destroy());
        req.end();
      });
    try {
      ctx.log('reload: 6 s of load, the config rewritten at 3 s');
      const t0 = performance.now();
      const end = t0 + SECONDS * 1000;
      const worker = async () => {
        while (samples.length < MAX_REQUESTS && performance.now() < end) {
          const t = performance.now();
          const ok = await once();
          samples.push({ at: t, ms: performance.now() - t, ok });
        }
      };
      const writer = (async () => {
        await sleep(3000);
        const at = performance.now();
        const routes = [
          ...base.routes,
          { name: 'added', match: { path: '/added/**' }, upstream: 'backend', auth: false },
        ];
        writeGatewayConfig(ctx.dir, 'gateway-reload-load', { ...base, routes });
        // When the new table serves: the first 200 from the added route.
        for (let i = 0; i < 400 && (await get(`${gateway.url}/added/x`))?.status !== 200; i++) await sleep(5);
        return { at, servedMs: performance.now() - at };
      })();
      await Promise.all([...Array.from({ length: 10 }, worker), writer]);
      const { at, servedMs } = await writer;
      const window = (from: number, to: number) =>
        samples
          .filter((s) => s.at >= from && s.at < to)
          .map((s) => s.ms)
          .sort((a, b) => a - b);
      const beforeMs = window(at - 1000, at);
      const duringMs = window(at, at + 1000);
      const failed = samples.filter((s) => !s.ok).length;
      const p99Before = percentile(beforeMs, 99);
      const p99During = percentile(duringMs, 99);
      return section(
        `Reload under load (10 keep-alive callers, ${SECONDS} s, config rewritten at 3 s; the new route served ${fmt(servedMs)} ms after the write)`,
        ['window', 'requests', 'p50 ms', 'p99 ms', 'max ms', 'failed (whole run)', 'p99 × the second before'],
        [
          [
            'the second before the write',
            fmt(beforeMs.length),
            fmt(percentile(beforeMs, 50), 2),
            fmt(p99Before, 2),
            fmt(beforeMs.at(-1) ?? Number.NaN, 2),
            '',
            '1.00×',
          ],
          [
            'the second after the write',
            fmt(duringMs.length),
            fmt(percentile(duringMs, 50), 2),
            fmt(p99During, 2),
            fmt(duringMs.at(-1) ?? Number.NaN, 2),
            fmt(failed),
            times(p99During, p99Before),
          ],
        ],
        'For a user: saving gateway.config.ts while a page is loading must not fail a request; the p99 ratio is how much slower the slowest requests get in the second the new config is loaded and swapped in.',
      );
    } finally {
      agent.destroy();
      await stop(gateway.proc);
    }
  },
};
