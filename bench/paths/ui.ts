/**
 * `gateway dev` with its terminal UI drawing in a real terminal (a detached tmux session,
 * 160×48) against `--no-ui` in the same kind of session: 3 interleaved rounds of wrk -c50 for
 * 3 s after a 1 s warm-up, medians. Besides req/s (the goal: at least 0.85×) it reads the
 * gateway's own CPU per request from /proc, which tmux — parsing every frame on the load
 * generator's core — cannot blur. Skipped (with a line saying so) without tmux.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { HIT_PATH, oneRouteConfig, writeGatewayConfig } from '../lib/configs.js';
import { runLoad } from '../lib/load.js';
import { cpuSeconds, freePort, get, processTree, sleep } from '../lib/proc.js';
import { median } from '../lib/stats.js';
import { has } from '../lib/tools.js';
import { type BenchPath, fmt, type PathContext, section, times } from './kit.js';

const ROUNDS = 3;

interface UiRound {
  readonly rps: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly failures: number;
  /** The gateway process tree's CPU time over the measured window ÷ requests. */
  readonly cpuUsPerRequest: number;
}

async function inTmux(ctx: PathContext, config: string, ui: boolean): Promise<UiRound> {
  const port = await freePort();
  const session = `gateway-bench-ui-${process.pid}-${port}`;
  const pin = ctx.core === undefined ? '' : `taskset -c ${ctx.core} `;
  const command = `NO_COLOR=1 ${pin}${process.execPath} ${join(ctx.root, 'bin/gateway.js')} dev ${ui ? '' : '--no-ui '}-c ${config} --port ${port} --host 127.0.0.1`;
  execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '160', '-y', '48', command]);
  try {
    const url = `http://127.0.0.1:${port}${HIT_PATH}`;
    for (let i = 0; i < 400 && (await get(url))?.status !== 200; i++) await sleep(50);
    const pane = Number(
      execFileSync('tmux', ['list-panes', '-t', session, '-F', '#{pane_pid}'], { encoding: 'utf8' }).trim(),
    );
    const load = { url, headers: {}, connections: 50, core: ctx.loadCore };
    await runLoad(ctx.tool, { ...load, seconds: 1 });
    const pids = processTree(pane);
    const before = cpuSeconds(pids);
    const result = await runLoad(ctx.tool, { ...load, seconds: 3 });
    const cpu = cpuSeconds(pids) - before;
    return { ...result, cpuUsPerRequest: result.requests > 0 ? (cpu * 1e6) / result.requests : Number.NaN };
  } finally {
    execFileSync('tmux', ['kill-session', '-t', session], { stdio: 'ignore' });
  }
}

function medians(rounds: readonly UiRound[]): UiRound {
  const of = (pick: (r: UiRound) => number) => median(rounds.map(pick));
  return {
    rps: of((r) => r.rps),
    p99Ms: of((r) => r.p99Ms),
    p999Ms: of((r) => r.p999Ms),
    failures: rounds.reduce((sum, r) => sum + r.failures, 0),
    cpuUsPerRequest: of((r) => r.cpuUsPerRequest),
  };
}

export const uiPath: BenchPath = {
  key: 'ui',
  title: 'Terminal UI under load',
  async run(ctx) {
    if (!has('tmux')) return '### Terminal UI under load\n\nSkipped: tmux is not installed.';
    const config = writeGatewayConfig(ctx.dir, 'gateway-ui', oneRouteConfig(ctx.backendUrl));
    ctx.log(`ui: gateway dev in tmux with the UI and with --no-ui, ${ROUNDS} interleaved rounds`);
    const withUi: UiRound[] = [];
    const without: UiRound[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      withUi.push(await inTmux(ctx, config, true));
      without.push(await inTmux(ctx, config, false));
    }
    const a = medians(withUi);
    const b = medians(without);
    const row = (label: string, r: UiRound, ratio: string, cpuRatio: string) => [
      label,
      fmt(r.rps),
      fmt(r.p99Ms, 2),
      fmt(r.p999Ms, 2),
      fmt(r.cpuUsPerRequest),
      fmt(r.failures),
      ratio,
      cpuRatio,
    ];
    return section(
      `Terminal UI under load (tmux 160×48, ${ctx.tool} -c50, ${ROUNDS} interleaved rounds of 1 s warm-up + 3 s, medians; goal ≥ 0.85× the req/s)`,
      [
        'gateway dev',
        'req/s',
        'p99 ms',
        'p99.9 ms',
        'CPU µs/req',
        'failed',
        '× --no-ui req/s',
        '× --no-ui CPU',
      ],
      [
        row('with the UI drawing', a, times(a.rps, b.rps), times(a.cpuUsPerRequest, b.cpuUsPerRequest)),
        row('--no-ui', b, '1.00×', '1.00×'),
      ],
      "For a user: what keeping the live request list on screen costs while a page or a test suite hammers the gateway. The req/s ratio includes tmux, which parses every frame on the load generator's core; the CPU ratio is the gateway's own extra work per request.",
    );
  },
};
