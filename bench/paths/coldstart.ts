/**
 * Cold start: `gateway explain` and `gateway lint` on the example config with an empty
 * description cache (a fresh GATEWAY_CACHE_DIR each run) and a warm one, next to `node -e 0`;
 * and `gateway dev --demo` (GATEWAY_DEMO_PORTS=free, --port 0) from spawn until GET /users/1
 * is answered 200.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get, sleep } from '../lib/proc.js';
import { max, median, min } from '../lib/stats.js';
import { type BenchPath, fmt, type PathContext, section, times } from './kit.js';

const RUNS = 5;

function wall(ctx: PathContext, args: string[], env: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  spawnSync(process.execPath, args, {
    cwd: ctx.root,
    stdio: 'ignore',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return performance.now() - t0;
}

/** ms from spawning `gateway dev --demo` until /users/1 answers 200 (NaN after 30 s). */
async function demoFirstAnswer(ctx: PathContext): Promise<number> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [join(ctx.root, 'bin/gateway.js'), 'dev', '--demo', '--no-ui', '--port', '0'],
    {
      cwd: ctx.root,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, NO_COLOR: '1', GATEWAY_DEMO_PORTS: 'free' },
    },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  try {
    while (performance.now() - t0 < 30_000) {
      const port = /gateway listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1];
      if (port && (await get(`http://127.0.0.1:${port}/users/1`))?.status === 200)
        return performance.now() - t0;
      await sleep(port ? 2 : 5);
    }
    return Number.NaN;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

export const coldstartPath: BenchPath = {
  key: 'coldstart',
  title: 'Cold start',
  async run(ctx) {
    const example = 'gateway.config.example.ts';
    const commands = [
      {
        label: '`gateway explain GET /v1/products/42`',
        args: ['bin/gateway.js', 'explain', 'GET', '/v1/products/42', '-c', example],
      },
      { label: '`gateway lint`', args: ['bin/gateway.js', 'lint', '-c', example] },
    ];
    ctx.log(`coldstart: node -e 0, explain and lint cold and warm (${RUNS} runs each), dev --demo`);
    const floor = Array.from({ length: RUNS }, () => wall(ctx, ['-e', '0'], {}));
    const cell = (values: number[]) => `${fmt(median(values))} (${fmt(min(values))}–${fmt(max(values))})`;
    const rows: string[][] = [['`node -e 0`', cell(floor), '1.00×']];
    for (const c of commands) {
      const cold = Array.from({ length: RUNS }, () => {
        const dir = mkdtempSync(join(tmpdir(), 'gateway-bench-cache-'));
        try {
          return wall(ctx, c.args, { GATEWAY_CACHE_DIR: dir });
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });
      const dir = mkdtempSync(join(tmpdir(), 'gateway-bench-cache-'));
      wall(ctx, c.args, { GATEWAY_CACHE_DIR: dir });
      const warm = Array.from({ length: RUNS }, () => wall(ctx, c.args, { GATEWAY_CACHE_DIR: dir }));
      rmSync(dir, { recursive: true, force: true });
      rows.push([`${c.label}, empty cache`, cell(cold), times(median(cold), median(floor))]);
      rows.push([`${c.label}, warm cache`, cell(warm), times(median(warm), median(floor))]);
    }
    const demo = [await demoFirstAnswer(ctx), await demoFirstAnswer(ctx), await demoFirstAnswer(ctx)];
    rows.push([
      '`gateway dev --demo` → first GET /users/1 answered (3 runs)',
      cell(demo),
      times(median(demo), median(floor)),
    ]);
    return section(
      `Cold start (example config; wall time in ms, median (min–max) of ${RUNS} runs)`,
      ['command', 'ms', '× `node -e 0`'],
      rows,
      'For a user: how long an editor integration, a pre-commit hook or a test script waits for `explain` and `lint` (the cache keeps what the protos and WSDL describe, so a warm run loads neither protobufjs nor soap), and how long after `gateway dev --demo` the first request gets an answer.',
    );
  },
};
