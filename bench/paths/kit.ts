/**
 * What every path bench shares: its context (cores, backend, tools), starting a `gateway dev`
 * child with the probe preloaded, a closed-loop client bounded in count and time, percentiles,
 * RSS from /proc, and Markdown tables.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadTool } from '../lib/load.js';
import { probeEnv, probeFlags } from '../lib/probe.js';
import { freePort, type Proc, startPinned, waitFor } from '../lib/proc.js';

/** What run.ts hands every path. */
export interface PathContext {
  readonly root: string;
  /** .bench/, for configs and certificates. */
  readonly dir: string;
  /** Core of the proxy under test, and of the load side (undefined: no pinning). */
  readonly core: number | undefined;
  readonly loadCore: number | undefined;
  readonly tool: LoadTool;
  /** The shared bench backend (bench/servers/backend.mjs). */
  readonly backendUrl: string;
  readonly backendPort: number;
  readonly nginx: boolean;
  readonly log: (text: string) => void;
  /** `--soak-seconds`. */
  readonly soakSeconds?: number;
  /** `--soak-rss-only` makes it `false`: no heap snapshots, whose writing raises RSS for good. */
  readonly soakSnapshots?: boolean;
}

/** One path of `npm run bench`: `--only <key>` selects it; `run` returns its Markdown section. */
export interface BenchPath {
  readonly key: string;
  readonly title: string;
  /** Runs only when `--only` names it (the soak takes minutes). */
  readonly optIn?: boolean;
  run(ctx: PathContext): Promise<string>;
}

/** A running `gateway dev` child. */
export interface GatewayChild {
  readonly proc: Proc;
  readonly port: number;
  readonly url: string;
}

/** Starts `gateway dev --no-ui -c <config>` on a free port (probe preloaded) and waits for `readyPath`. */
export async function startGateway(
  ctx: PathContext,
  config: string,
  options: {
    readyPath: string;
    env?: NodeJS.ProcessEnv;
    scheme?: 'http' | 'https';
    readyStatus?: number;
    readyHeaders?: Record<string, string>;
  },
): Promise<GatewayChild> {
  const port = await freePort();
  const args = [
    ...probeFlags(ctx.root),
    join(ctx.root, 'bin/gateway.js'),
    'dev',
    '--no-ui',
    '--log',
    'pretty',
  ];
  args.push('-c', config, '--port', String(port), '--host', '127.0.0.1');
  const env = { ...process.env, ...options.env, NO_COLOR: '1', ...probeEnv(ctx.root, port) };
  const proc = startPinned(ctx.core, process.execPath, args, { env, cwd: ctx.root });
  const url = `${options.scheme ?? 'http'}://127.0.0.1:${port}`;
  if (options.scheme !== 'https')
    await waitFor(`${url}${options.readyPath}`, proc, {
      status: options.readyStatus ?? 200,
      headers: options.readyHeaders,
    });
  return { proc, port, url };
}

/** What a closed loop measured. */
export interface LoopResult {
  readonly count: number;
  readonly failures: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** Latencies in ms, sorted. */
  readonly latencies: number[];
}

/**
 * `concurrency` workers call `once` back to back until `seconds` pass or `maxCount` calls were
 * made — whichever comes first. A call that throws counts as a failure.
 */
export async function closedLoop(options: {
  seconds: number;
  maxCount: number;
  concurrency: number;
  once: () => Promise<void>;
}): Promise<LoopResult> {
  const latencies: number[] = [];
  let started = 0;
  let failures = 0;
  const begin = performance.now();
  const end = begin + options.seconds * 1000;
  const worker = async () => {
    while (started < options.maxCount && performance.now() < end) {
      started++;
      const t = performance.now();
      try {
        await options.once();
        latencies.push(performance.now() - t);
      } catch {
        failures++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - begin) / 1000;
  latencies.sort((a, b) => a - b);
  return { count: latencies.length, failures, seconds, perSecond: latencies.length / seconds, latencies };
}

/** The p-th percentile of sorted values (NaN when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Current (VmRSS) or peak (VmHWM) resident set of one process, in MB. */
export function rssMb(pid: number, which: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  try {
    const match = new RegExp(`${which}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return Number(match?.[1] ?? Number.NaN) / 1024;
  } catch {
    return Number.NaN;
  }
}

export const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '–';

/** A ratio as `0.83×`. */
export const times = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : '–');

/** A Markdown section: a heading, the table, and a sentence on what it means. */
export function section(title: string, head: string[], rows: string[][], meaning: string): string {
  return [
    `### ${title}`,
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
    meaning,
  ].join('\n');
}

/** A loop's row cells: per second, p50, p99, p99.9, failures. */
export function loopCells(r: LoopResult): string[] {
  return [
    fmt(r.perSecond),
    fmt(percentile(r.latencies, 50), 2),
    fmt(percentile(r.latencies, 99), 2),
    fmt(percentile(r.latencies, 99.9), 2),
    fmt(r.failures),
  ];
}

export const LOOP_HEAD = ['calls/s', 'p50 ms', 'p99 ms', 'p99.9 ms', 'failed'];
