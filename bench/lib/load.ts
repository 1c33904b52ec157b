/**
 * The load generator, in its own process pinned to the load core: wrk when installed (it costs
 * little CPU), else autocannon's CLI. Both report req/s, p50/p99 latency and failures.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export interface LoadResult {
  readonly requests: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  /** Non-2xx answers plus socket errors: anything over 0 makes the row suspect. */
  readonly failures: number;
}

export interface LoadOptions {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly seconds: number;
  readonly connections: number;
  readonly core: number | undefined;
}

export type LoadTool = 'wrk' | 'autocannon';

/** `wrk` when it is on the PATH, else `autocannon`. */
export function pickLoadTool(): LoadTool {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return 'wrk';
  } catch (error) {
    // wrk --version exits 1 but runs.
    return (error as { status?: number }).status === 1 ? 'wrk' : 'autocannon';
  }
}

/** Runs one load period and parses its report. */
export async function runLoad(tool: LoadTool, options: LoadOptions): Promise<LoadResult> {
  return tool === 'wrk' ? runWrk(options) : runAutocannon(options);
}

async function runWrk(o: LoadOptions): Promise<LoadResult> {
  const args = ['-t1', `-c${o.connections}`, `-d${o.seconds}s`, '--latency', '--timeout', '5s'];
  // The Lua report adds p99.9 (and an exact p99) to wrk's --latency table.
  args.push('-s', join(import.meta.dirname, 'wrk-report.lua'));
  for (const [name, value] of Object.entries(o.headers)) args.push('-H', `${name}: ${value}`);
  args.push(o.url);
  const text = await run(o.core, 'wrk', args);
  const total = /(\d+) requests in/.exec(text);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(text);
  if (!total || !rps) throw new Error(`cannot read wrk's report:\n${text}`);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return {
    requests: Number(total[1]),
    rps: Number(rps[1]),
    p50Ms: wrkDuration(/50%\s+([\d.]+\w+)/.exec(text)?.[1]),
    p99Ms: Number(/bench-p99-us (\d+)/.exec(text)?.[1] ?? Number.NaN) / 1000,
    p999Ms: Number(/bench-p999-us (\d+)/.exec(text)?.[1] ?? Number.NaN) / 1000,
    failures: non2xx + socketErrors,
  };
}

/** wrk prints `812.00us`, `1.23ms`, `1.01s`. */
function wrkDuration(text: string | undefined): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text ?? '');
  if (!match) return Number.NaN;
  const value = Number(match[1]);
  return { us: value / 1000, ms: value, s: value * 1000, m: value * 60_000 }[
    match[2] as 'us' | 'ms' | 's' | 'm'
  ];
}

async function runAutocannon(o: LoadOptions): Promise<LoadResult> {
  const cli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const args = [cli, '-c', String(o.connections), '-d', String(o.seconds), '-j'];
  for (const [name, value] of Object.entries(o.headers)) args.push('-H', `${name}=${value}`);
  args.push(o.url);
  const text = await run(o.core, process.execPath, args);
  const report = JSON.parse(text.slice(text.indexOf('{'))) as {
    requests: { total: number; average: number };
    latency: { p50: number; p99: number; p99_9: number };
    non2xx: number;
    errors: number;
    duration: number;
  };
  return {
    requests: report.requests.total,
    rps: report.requests.total / report.duration,
    p50Ms: report.latency.p50,
    p99Ms: report.latency.p99,
    p999Ms: report.latency.p99_9,
    failures: report.non2xx + report.errors,
  };
}

function run(core: number | undefined, command: string, args: string[]): Promise<string> {
  const [file, argv] =
    core === undefined ? [command, args] : ['taskset', ['-c', String(core), command, ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} exited ${code}:\n${out}`)),
    );
  });
}
