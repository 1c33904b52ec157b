/** The bench's Markdown report: throughput table with ratios, targets, reload and CLI times. */
import { max, median, min } from './stats.js';

/** One contender's measurements in one round. */
export interface Sample {
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  /** The proxy's event-loop delay p99 over the measured window (gateway rows; NaN elsewhere). */
  readonly loopDelayP99Ms: number;
  /** The proxy's RSS once a second over the measured window (gateway rows). */
  readonly rssSeriesMb: readonly number[];
  readonly cpuUsPerRequest: number;
  readonly peakRssBytes: number;
  /** TCP connections the backend accepted during the round (warm-up included). */
  readonly backendConnections: number;
  readonly failures: number;
}

export interface Row {
  readonly key: string;
  readonly label: string;
  readonly samples: Sample[];
}

export interface Summary {
  readonly key: string;
  readonly rps: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly cpuUs: number;
  readonly rssMb: number;
  /** The last RSS sample of the measured window (MB), and its change over the window. */
  readonly steadyRssMb: number;
  readonly rssGrowthMb: number;
}

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '–';

function spread(values: number[], digits = 0): string {
  return `${fmt(median(values), digits)} (${fmt(min(values), digits)}–${fmt(max(values), digits)})`;
}

/** Median summary of a row. */
export function summarize(row: Row): Summary {
  return {
    key: row.key,
    rps: median(row.samples.map((s) => s.rps)),
    p99Ms: median(row.samples.map((s) => s.p99Ms)),
    p999Ms: median(row.samples.map((s) => s.p999Ms)),
    cpuUs: median(row.samples.map((s) => s.cpuUsPerRequest)),
    rssMb: median(row.samples.map((s) => s.peakRssBytes / 2 ** 20)),
    steadyRssMb: median(row.samples.map((s) => s.rssSeriesMb.at(-1) ?? Number.NaN)),
    rssGrowthMb: median(
      row.samples.map((s) => (s.rssSeriesMb.at(-1) ?? Number.NaN) - (s.rssSeriesMb[0] ?? Number.NaN)),
    ),
  };
}

/** The throughput table: medians with min–max over the rounds, and ratios of median req/s. */
export function throughputTable(rows: Row[]): string {
  const rps = (key: string) => {
    const row = rows.find((r) => r.key === key);
    return row ? median(row.samples.map((s) => s.rps)) : Number.NaN;
  };
  const base = { hp3: rps('http-proxy-3'), fastify: rps('fastify'), direct: rps('direct') };
  const ratio = (value: number, of: number) => (Number.isFinite(of) ? `${(value / of).toFixed(2)}×` : '–');
  const lines = [
    '| contender | req/s median (min–max) | p50 ms | p99 ms | p99.9 ms | loop delay p99 ms | CPU µs/req | peak RSS MB | new backend conns | × http-proxy-3 | × @fastify/http-proxy | × direct |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const s = row.samples;
    const value = median(s.map((x) => x.rps));
    const failures = s.reduce((sum, x) => sum + x.failures, 0);
    lines.push(
      `| ${row.label}${failures > 0 ? ` (**${failures} failed**)` : ''} | ${spread(s.map((x) => x.rps))} | ` +
        `${fmt(median(s.map((x) => x.p50Ms)), 2)} | ${spread(
          s.map((x) => x.p99Ms),
          2,
        )} | ${fmt(median(s.map((x) => x.p999Ms)), 2)} | ${fmt(median(s.map((x) => x.loopDelayP99Ms)), 2)} | ` +
        `${spread(s.map((x) => x.cpuUsPerRequest))} | ${fmt(median(s.map((x) => x.peakRssBytes / 2 ** 20)))} | ` +
        `${fmt(median(s.map((x) => x.backendConnections)))} | ${ratio(value, base.hp3)} | ${ratio(value, base.fastify)} | ${ratio(value, base.direct)} |`,
    );
  }
  return lines.join('\n');
}

/** RSS once a second during the last round's measured window, for the rows the probe ran in. */
export function rssTable(rows: Row[]): string {
  const lines = ['| contender | RSS MB, one sample a second (last round) |', '|---|---|'];
  for (const row of rows) {
    const series = row.samples.at(-1)?.rssSeriesMb ?? [];
    if (series.length > 0) lines.push(`| ${row.label} | ${series.join(' → ')} |`);
  }
  return lines.length > 2 ? lines.join('\n') : '';
}

export interface TargetInput {
  readonly rows: Row[];
  readonly reloadMs: number[];
  readonly lintMs: number[];
  /** bench/router.ts's Markdown output. */
  readonly router: string;
}

/** ns per lookup from a router table cell (`402 ns`, `9106 µs`). */
function nanoseconds(cell: string | undefined): number {
  const match = /([\d.]+) (ns|µs)/.exec(cell ?? '');
  return match ? Number(match[1]) * (match[2] === 'µs' ? 1000 : 1) : Number.NaN;
}

/** The router rows for 10 and 10,000 routes: gateway (compact) and find-my-way, ns. */
function routerFigures(router: string): { g10: number; g10k: number; fmw10k: number } | undefined {
  const cells = (routes: string) =>
    router
      .split('\n')
      .find((line) => line.startsWith(`| ${routes} |`))
      ?.split('|')
      .map((c) => c.trim());
  const ten = cells('10');
  const tenK = cells('10,000');
  if (!ten || !tenK) return undefined;
  return { g10: nanoseconds(ten[2]), g10k: nanoseconds(tenK[2]), fmw10k: nanoseconds(tenK[5]) };
}

/** Issue 9's targets with the measured figures. */
export function targetsTable(input: TargetInput): string {
  const get = (key: string) => {
    const row = input.rows.find((r) => r.key === key);
    return row ? summarize(row) : undefined;
  };
  const gw = get('gateway-1000');
  const hp3 = get('http-proxy-3');
  const check = (ok: boolean | undefined) => (ok === undefined ? '–' : ok ? 'met' : '**missed**');
  const reload = median(input.reloadMs);
  const lint = median(input.lintMs);
  const rows: [string, string, boolean | undefined][] = [];
  if (gw && hp3) {
    const r = gw.rps / hp3.rps;
    rows.push(['1,000 routes + auth ≥ 1.0× http-proxy-3 req/s (floor)', `${r.toFixed(2)}×`, r >= 1.0]);
    rows.push(['1,000 routes + auth ≥ 1.2× http-proxy-3 req/s (goal)', `${r.toFixed(2)}×`, r >= 1.2]);
    rows.push([
      'p99 ≤ http-proxy-3 p99',
      `${gw.p99Ms.toFixed(2)} ms vs ${hp3.p99Ms.toFixed(2)} ms`,
      gw.p99Ms <= hp3.p99Ms,
    ]);
  }
  const router = routerFigures(input.router);
  if (router) {
    const growth = router.g10k / router.g10;
    const vsFmw = router.g10k / router.fmw10k;
    rows.push([
      'route lookup, 10,000 routes within 3× of 10',
      `${growth.toFixed(2)}× (${router.g10k} ns vs ${router.g10} ns)`,
      growth <= 3,
    ]);
    rows.push([
      'route lookup, 10,000 routes within 2× of find-my-way',
      `${vsFmw.toFixed(2)}× (${router.g10k} ns vs ${router.fmw10k} ns)`,
      vsFmw <= 2,
    ]);
  }
  const floor = get('direct');
  if (gw && hp3)
    rows.push([
      'p99.9 (reported; no target)',
      `${gw.p999Ms.toFixed(2)} ms vs ${hp3.p999Ms.toFixed(2)} ms`,
      undefined,
    ]);
  if (gw) {
    rows.push([
      'CPU per request ≤ 50 µs (1,000 routes + api-key)',
      `${gw.cpuUs.toFixed(0)} µs`,
      gw.cpuUs <= 50,
    ]);
    if (floor)
      rows.push([
        "… as a multiple of a bare node:http server's (the backend answering directly)",
        `${(gw.cpuUs / floor.cpuUs).toFixed(2)}× (${floor.cpuUs.toFixed(0)} µs)`,
        undefined,
      ]);
    rows.push(['peak RSS under load < 150 MB', `${gw.rssMb.toFixed(0)} MB`, gw.rssMb < 150]);
    rows.push([
      'steady RSS at 50 connections < 150 MB (last sample of the window)',
      `${gw.steadyRssMb.toFixed(0)} MB`,
      gw.steadyRssMb < 150,
    ]);
    rows.push([
      'no RSS growth over the measured window (≤ 2 MB)',
      `${gw.rssGrowthMb >= 0 ? '+' : ''}${gw.rssGrowthMb.toFixed(0)} MB`,
      gw.rssGrowthMb <= 2,
    ]);
  }
  if (input.reloadMs.length > 0)
    rows.push(['reload median < 250 ms', `${reload.toFixed(0)} ms`, reload < 250]);
  if (input.lintMs.length > 0)
    rows.push(['`gateway lint` median < 300 ms', `${lint.toFixed(0)} ms`, lint < 300]);
  return [
    '| target | measured | |',
    '|---|---:|---|',
    ...rows.map(([t, m, ok]) => `| ${t} | ${m} | ${check(ok)} |`),
  ].join('\n');
}

/** A table of wall times (median and min–max, ms). */
export function timesTable(rows: { label: string; times: number[] }[]): string {
  return [
    '| what | median ms (min–max) | runs |',
    '|---|---:|---:|',
    ...rows.map((r) => `| ${r.label} | ${spread(r.times)} | ${r.times.length} |`),
  ].join('\n');
}
