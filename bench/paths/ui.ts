/**
 * `gateway dev` with its terminal UI drawing in a real terminal (a detached tmux session,
 * 160×48) against `--no-ui` in the same kind of session: wrk -c50 for 3 s after a 1 s warm-up.
 * The goal is a ratio of at least 0.85. Skipped (with a line saying so) without tmux.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { HIT_PATH, oneRouteConfig, writeGatewayConfig } from '../lib/configs.js';
import { runLoad } from '../lib/load.js';
import { freePort, get, sleep } from '../lib/proc.js';
import { has } from '../lib/tools.js';
import { type BenchPath, fmt, type PathContext, section, times } from './kit.js';

async function inTmux(ctx: PathContext, config: string, ui: boolean) {
  const port = await freePort();
  const session = `gateway-bench-ui-${process.pid}-${port}`;
  const pin = ctx.core === undefined ? '' : `taskset -c ${ctx.core} `;
  const command = `NO_COLOR=1 ${pin}${process.execPath} ${join(ctx.root, 'bin/gateway.js')} dev ${ui ? '' : '--no-ui '}-c ${config} --port ${port} --host 127.0.0.1`;
  execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '160', '-y', '48', command]);
  try {
    const url = `http://127.0.0.1:${port}${HIT_PATH}`;
    for (let i = 0; i < 400 && (await get(url))?.status !== 200; i++) await sleep(50);
    const load = { url, headers: {}, connections: 50, core: ctx.loadCore };
    await runLoad(ctx.tool, { ...load, seconds: 1 });
    return await runLoad(ctx.tool, { ...load, seconds: 3 });
  } finally {
    execFileSync('tmux', ['kill-session', '-t', session], { stdio: 'ignore' });
  }
}

export const uiPath: BenchPath = {
  key: 'ui',
  title: 'Terminal UI under load',
  async run(ctx) {
    if (!has('tmux')) return '### Terminal UI under load\n\nSkipped: tmux is not installed.';
    const config = writeGatewayConfig(ctx.dir, 'gateway-ui', oneRouteConfig(ctx.backendUrl));
    ctx.log('ui: gateway dev in tmux with the UI, then with --no-ui');
    const withUi = await inTmux(ctx, config, true);
    const without = await inTmux(ctx, config, false);
    const row = (label: string, r: typeof withUi, ratio: string) => [
      label,
      fmt(r.rps),
      fmt(r.p99Ms, 2),
      fmt(r.p999Ms, 2),
      fmt(r.failures),
      ratio,
    ];
    return section(
      `Terminal UI under load (tmux 160×48, ${ctx.tool} -c50, 3 s; goal ≥ 0.85×)`,
      ['gateway dev', 'req/s', 'p99 ms', 'p99.9 ms', 'failed', '× --no-ui'],
      [row('with the UI drawing', withUi, times(withUi.rps, without.rps)), row('--no-ui', without, '1.00×')],
      'For a user: what keeping the live request list on screen costs while a page or a test suite hammers the gateway.',
    );
  },
};
