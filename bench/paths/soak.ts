/**
 * The soak (opt-in: `--only soak`, `--soak-seconds N`, 60 by default, at most 600): the gateway
 * with 1,000 routes + api-key under `wrk -c50` in 10 s slices; RSS and V8 heap after each slice,
 * and heap snapshots after the first slice and at the end (in .bench/soak/, for Chrome
 * DevTools' comparison view), with the constructors whose object counts grew most between them.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_KEY, HIT_PATH, thousandRoutesConfig, writeGatewayConfig } from '../lib/configs.js';
import { runLoad } from '../lib/load.js';
import { readProbe } from '../lib/probe.js';
import { stop } from '../lib/proc.js';
import { type BenchPath, fmt, section, startGateway } from './kit.js';

const SLICE_SECONDS = 10;

/** Object counts by constructor name in a .heapsnapshot (node type "object" only). */
function countsByName(file: string): Map<string, number> {
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const objectType = snapshot.snapshot.meta.node_types[0].indexOf('object');
  const counts = new Map<string, number>();
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    if (snapshot.nodes[i + typeAt] !== objectType) continue;
    const name = snapshot.strings[snapshot.nodes[i + nameAt]!]!;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

/** The five constructors whose object counts grew most from snapshot `a` to `b`. */
function grownMost(a: string, b: string): string {
  const [first, last] = [countsByName(a), countsByName(b)];
  return [...last]
    .map(([name, n]) => [name, n - (first.get(name) ?? 0)] as const)
    .sort((x, y) => y[1] - x[1])
    .slice(0, 5)
    .map(([name, n]) => `${name || '(anonymous)'} ${n >= 0 ? '+' : ''}${n}`)
    .join(', ');
}

export const soakPath: BenchPath = {
  key: 'soak',
  title: 'Soak',
  optIn: true,
  async run(ctx) {
    const seconds = Math.min(600, Math.max(SLICE_SECONDS * 2, ctx.soakSeconds ?? 60));
    const config = writeGatewayConfig(ctx.dir, 'gateway-1000', thousandRoutesConfig(ctx.backendUrl));
    const headers = { 'x-api-key': API_KEY };
    const gateway = await startGateway(ctx, config, {
      readyPath: HIT_PATH,
      env: { GATEWAY_BENCH_API_KEY: API_KEY },
      readyHeaders: headers,
    });
    const folder = join(ctx.dir, 'soak');
    mkdirSync(folder, { recursive: true });
    const rows: string[][] = [];
    const snapshots: string[] = [];
    try {
      const load = { url: `${gateway.url}${HIT_PATH}`, headers, connections: 50, core: ctx.loadCore };
      const slices = Math.floor(seconds / SLICE_SECONDS);
      for (let i = 1; i <= slices; i++) {
        const r = await runLoad(ctx.tool, { ...load, seconds: SLICE_SECONDS });
        const snapshot =
          ctx.soakSnapshots !== false && (i === 1 || i === slices)
            ? join(folder, `after-${i * SLICE_SECONDS}s.heapsnapshot`)
            : undefined;
        const probe = await readProbe(ctx.root, gateway.port, gateway.proc, snapshot);
        if (snapshot) snapshots.push(snapshot);
        ctx.log(
          `soak ${i * SLICE_SECONDS}s: ${r.rps.toFixed(0)} req/s, RSS ${probe?.rssMb.at(-1)} MB, heap ${probe?.heapUsedMb} MB (young generation ${probe?.spacesMb.new_space} MB), external ${probe?.externalMb} MB (array buffers ${probe?.arrayBuffersMb} MB)`,
        );
        rows.push([
          `${i * SLICE_SECONDS}`,
          fmt(r.rps),
          fmt(r.p99Ms, 2),
          fmt(r.failures),
          fmt(probe?.rssMb.at(-1) ?? Number.NaN),
          fmt(probe?.heapUsedMb ?? Number.NaN),
          fmt(probe?.spacesMb.new_space ?? Number.NaN),
          fmt(probe?.externalMb ?? Number.NaN),
          fmt(probe?.arrayBuffersMb ?? Number.NaN),
        ]);
      }
    } finally {
      await stop(gateway.proc);
    }
    const growth =
      snapshots.length < 2
        ? 'no heap snapshots were taken (--soak-rss-only)'
        : `objects that grew most between the heap snapshot after the first slice and the last (${snapshots.map((s) => s.slice(ctx.root.length + 1)).join(', ')}): ${grownMost(snapshots[0]!, snapshots.at(-1)!)}`;
    return section(
      `Soak (1,000 routes + api-key, ${ctx.tool} -c50, ${seconds} s in ${SLICE_SECONDS} s slices)`,
      [
        'after s',
        'req/s',
        'p99 ms',
        'failed',
        'RSS MB',
        'V8 heap used MB',
        'V8 young generation MB',
        'external MB',
        'array buffers MB',
      ],
      rows,
      `For a user: a gateway left running all day must not grow. The first row's RSS is read before any heap snapshot; writing one raises RSS by tens of MB for good, so later rows are comparable with each other, not with the first (\`--soak-rss-only\` takes none). Heap: ${growth}.`,
    );
  },
};
