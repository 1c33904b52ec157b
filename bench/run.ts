/**
 * `npm run bench`: the gateway against the Node proxies (and nginx when installed) in one run.
 * Interleaved rounds — every contender once per round, restarted each time — with the proxy on
 * core 0 and the load generator and backend on core 1; then reload latency, CLI wall times and
 * the router lookups. Prints a Markdown report and writes it to .bench/results.md.
 *
 * Then every other path (bench/paths/: gRPC, SOAP, HTTPS, large bodies, WebSocket, idle
 * connections, reload under load, the terminal UI, cold start), each against its reference.
 *
 * Flags: --rounds N (5) --seconds S (3) --warmup S (1) --only key,key (contenders and paths; with
 *        it, the reload/CLI/router sections run only when named: startup, router) --no-install
 *        --no-build --no-nginx --no-log-variants --skip-startup --skip-router --skip-paths
 *        --soak-seconds N (60; the soak runs only with --only soak) --soak-rss-only (no heap snapshots)
 *        --profile (gateway --cpu-prof into .bench/profiles)
 *        --baseline DIR (adds `gateway-1000-base`: DIR/bin/gateway.js with DIR/dist, e.g. a copy of
 *        bin/, dist/ and package.json taken before a change, next to a node_modules link).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  HIT_PATH,
  oneRouteConfig,
  rateLimitedConfig,
  thousandRoutesConfig,
  writeGatewayConfig,
  writeNginxConfig,
} from './lib/configs.js';
import { type ContenderContext, contenders } from './lib/contenders.js';
import { PATHS, type PathContext } from './paths/index.js';
import { pickLoadTool, runLoad } from './lib/load.js';
import { cpuSeconds, freePort, get, peakRss, processTree, startPinned, stop, waitFor } from './lib/proc.js';
import { readProbe } from './lib/probe.js';
import { type Row, rssTable, targetsTable, throughputTable, timesTable } from './lib/report.js';
import { measureCli, measureReload } from './lib/startup.js';
import { ensureTools, has, machine } from './lib/tools.js';

const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    only: { type: 'string' },
    'no-install': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'no-nginx': { type: 'boolean', default: false },
    'no-log-variants': { type: 'boolean', default: false },
    'skip-startup': { type: 'boolean', default: false },
    'skip-router': { type: 'boolean', default: false },
    'skip-paths': { type: 'boolean', default: false },
    'soak-seconds': { type: 'string', default: '60' },
    'soak-rss-only': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    baseline: { type: 'string' },
  },
});
const root = resolve(import.meta.dirname, '..');
const dir = join(root, '.bench');
mkdirSync(dir, { recursive: true });
const log = (text: string) => process.stderr.write(`${text}\n`);

const loadAtStart = loadavg()
  .map((n) => n.toFixed(2))
  .join(' ');
const notes = ensureTools(!flags['no-install']);
if (!flags['no-build']) {
  log('building dist/ (npm run build) — the gateway contenders run the compiled CLI');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) {
    if (!existsSync(join(root, 'dist/cli.js')))
      throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
    notes.push('`npm run build` reported errors (files emitted anyway); benchmarked the dist/ it left');
  }
}

// Read before pinning: `nproc` in a pinned process says 1.
const m = machine();
const cores = m.cores;
const [proxyCore, loadCore] = cores >= 2 ? [0, 1] : [undefined, undefined];
if (proxyCore === undefined)
  notes.push('one core only: nothing pinned, figures are not comparable to 2-core runs');
// The bench itself stays off the proxy's core.
if (loadCore !== undefined)
  execFileSync('taskset', ['-a', '-p', '-c', String(loadCore), String(process.pid)], { stdio: 'ignore' });

const tool = pickLoadTool();
const rounds = Number(flags.rounds);
const seconds = Number(flags.seconds);
const warmup = Number(flags.warmup);
const backendPort = await freePort();
const backendUrl = `http://127.0.0.1:${backendPort}`;
const backendProc = startPinned(loadCore, process.execPath, [
  join(root, 'bench/servers/backend.mjs'),
  String(backendPort),
]);
const expectedBody = (await waitFor(`${backendUrl}${HIT_PATH}`, backendProc)).body;
const backendConnections = async () =>
  (JSON.parse((await get(`${backendUrl}/__bench/connections`))?.body ?? '{}') as { connections: number })
    .connections;

const withNginx = !flags['no-nginx'] && has('nginx');
const ctx: ContenderContext = {
  root,
  backendUrl,
  backendProc,
  core: proxyCore,
  configs: {
    one: writeGatewayConfig(dir, 'gateway-1', oneRouteConfig(backendUrl)),
    thousand: writeGatewayConfig(dir, 'gateway-1000', thousandRoutesConfig(backendUrl)),
    rateLimited: writeGatewayConfig(dir, 'gateway-1-rl', rateLimitedConfig(backendUrl)),
  },
  nginx: withNginx
    ? { prefix: join(dir, 'nginx'), file: (port) => writeNginxConfig(dir, port, backendPort).file }
    : undefined,
  nodeFlags: flags.profile ? ['--cpu-prof', '--cpu-prof-dir', join(dir, 'profiles')] : [],
  baseline: flags.baseline === undefined ? undefined : resolve(flags.baseline),
};
const only = flags.only?.split(',');
const list = contenders({
  nginx: withNginx,
  logVariants: !flags['no-log-variants'],
  baseline: flags.baseline !== undefined,
}).filter((c) => only === undefined || only.includes(c.key));
const rows: Row[] = list.map((c) => ({ key: c.key, label: c.label, samples: [] }));
const paths = flags['skip-paths']
  ? []
  : PATHS.filter((p) => (only === undefined ? !p.optIn : only.includes(p.key)));
const section = (key: 'startup' | 'router') =>
  !flags[`skip-${key}`] && (only === undefined || only.includes(key));
const pathContext: PathContext = {
  root,
  dir,
  core: proxyCore,
  loadCore,
  tool,
  backendUrl,
  backendPort,
  nginx: withNginx,
  log,
  soakSeconds: Number(flags['soak-seconds']),
  soakSnapshots: !flags['soak-rss-only'],
};

if (list.length > 0)
  log(
    `${list.length} contenders × ${rounds} rounds × (${warmup} s warm-up + ${seconds} s), ${tool} -c50 -t1`,
  );
try {
  for (let round = 1; round <= rounds && list.length > 0; round++) {
    for (const [i, contender] of list.entries()) {
      const port = contender.key === 'direct' ? backendPort : await freePort();
      const proc = contender.start(port, ctx);
      const url = `http://127.0.0.1:${port}${HIT_PATH}`;
      try {
        const first = await waitFor(url, proc, { headers: contender.headers });
        if (first.body !== expectedBody) throw new Error(`${contender.key} answered ${first.body}`);
        const pids = processTree(proc?.pid ?? backendProc.pid);
        const connectionsBefore = await backendConnections();
        const load = { headers: contender.headers, connections: 50, core: loadCore, url };
        await runLoad(tool, { ...load, seconds: warmup });
        const probed = proc !== undefined && contender.key.startsWith('gateway');
        if (probed) await readProbe(root, port, proc); // drops the warm-up window
        const cpuBefore = cpuSeconds(pids);
        const result = await runLoad(tool, { ...load, seconds });
        const cpu = cpuSeconds(pids) - cpuBefore;
        const probe = probed ? await readProbe(root, port, proc) : undefined;
        rows[i]!.samples.push({
          rps: result.rps,
          p50Ms: result.p50Ms,
          p99Ms: result.p99Ms,
          p999Ms: result.p999Ms,
          loopDelayP99Ms: probe?.eventLoopDelayMs.p99 ?? Number.NaN,
          rssSeriesMb: probe?.rssMb ?? [],
          cpuUsPerRequest: (cpu * 1e6) / result.requests,
          peakRssBytes: peakRss(pids),
          backendConnections: (await backendConnections()) - connectionsBefore,
          failures: result.failures,
        });
        log(
          `round ${round}/${rounds} ${contender.key.padEnd(15)} ${result.rps.toFixed(0).padStart(6)} req/s  ` +
            `p99 ${result.p99Ms.toFixed(2)} ms  p99.9 ${result.p999Ms.toFixed(2)} ms  ${((cpu * 1e6) / result.requests).toFixed(0)} µs/req` +
            `${probe ? `  loop delay p99 ${probe.eventLoopDelayMs.p99} ms  RSS MB/s ${probe.rssMb.join(' ')}` : ''}` +
            `${result.failures ? `  ${result.failures} FAILED` : ''}`,
        );
      } finally {
        if (proc) await stop(proc);
      }
    }
  }

  let reloadMs: number[] = [];
  let cli: { label: string; times: number[] }[] = [];
  if (section('startup')) {
    log('reload: config write → new route answers (12 runs)');
    reloadMs = await measureReload(root, dir, backendUrl, proxyCore, 12);
    log('CLI wall times (5 runs each, after a warm-up run)');
    cli = measureCli(root, 5);
  }
  let router = '';
  if (section('router')) {
    log('router lookups (bench/router.ts)');
    const out = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench/router.ts')], {
      cwd: root,
      encoding: 'utf8',
    });
    router = out.stdout.trim();
  }

  const pathSections: string[] = [];
  for (const path of paths) {
    try {
      pathSections.push(await path.run(pathContext));
    } catch (error) {
      pathSections.push(`### ${path.title}\n\nFailed: ${(error as Error).message.split('\n')[0]}`);
      log(`${path.key} failed: ${(error as Error).stack}`);
    }
    log(
      `${path.key} done (load average ${loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')})`,
    );
  }

  const load = (await import('node:os'))
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
  const report = [
    `## Results — ${new Date().toISOString().slice(0, 10)}`,
    '',
    `Machine: ${m.cores} cores (\`nproc\`), ${m.cpu}; Node ${m.node}; ${tool === 'wrk' ? `wrk ${m.wrk ?? ''}` : 'autocannon'}` +
      `${m.nginx ? `; nginx ${m.nginx}` : ''}; load average at the start ${loadAtStart}, at the end ${load}.`,
    ...(rows.length === 0
      ? []
      : [
          `Method: ${rounds} interleaved rounds, each contender restarted per round; ${tool} -t1 -c50, ${warmup} s warm-up + ${seconds} s measured;` +
            ` proxy on core ${proxyCore ?? '–'}, load generator and backend on core ${loadCore ?? '–'}; medians (min–max).` +
            " CPU µs/req: the proxy process tree's user+system time over the measured window ÷ requests. New backend conns: TCP connections the backend accepted during a round (warm-up included).",
        ]),
    ...notes.map((n) => `Note: ${n}.`),
    '',
    ...(rows.length > 0 ? [throughputTable(rows), '', rssTable(rows), ''] : []),
    ...pathSections.flatMap((text) => [text, '']),
    ...(rows.length > 0 || reloadMs.length > 0 || router
      ? [
          targetsTable({
            rows,
            reloadMs,
            lintMs: cli.find((c) => c.label.includes('lint'))?.times ?? [],
            router,
          }),
          '',
        ]
      : []),
    ...(reloadMs.length > 0
      ? [timesTable([{ label: 'reload: config write → new route answers', times: reloadMs }, ...cli]), '']
      : []),
    ...(router ? ['```', router, '```', ''] : []),
  ].join('\n');
  console.log(`\n${report}`);
  writeFileSync(join(dir, 'results.md'), report);
  log(`written to ${join(dir, 'results.md')}`);
} finally {
  await stop(backendProc);
}
