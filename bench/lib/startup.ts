/**
 * Latencies a developer feels outside the request path: a config edit until the new route
 * answers (live reload), and the wall time of `gateway lint` / `gateway explain` next to
 * `node -e 0` (the floor any Node CLI pays).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { oneRouteConfig, writeGatewayConfig } from './configs.js';
import { freePort, get, type Proc, sleep, startPinned, stop, waitFor } from './proc.js';
import { median } from './stats.js';

/** Milliseconds from writing the config file until a route it adds answers 200, `runs` times. */
export async function measureReload(
  root: string,
  dir: string,
  backendUrl: string,
  core: number | undefined,
  runs: number,
): Promise<number[]> {
  const base = oneRouteConfig(backendUrl) as { routes: object[] };
  const file = writeGatewayConfig(dir, 'reload', base);
  const port = await freePort();
  const args = [
    join(root, 'bin/gateway.js'),
    'dev',
    '--no-ui',
    '-c',
    file,
    '--port',
    String(port),
    '--host',
    '127.0.0.1',
  ];
  const proc: Proc = startPinned(core, process.execPath, args, {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const times: number[] = [];
  try {
    await waitFor(`http://127.0.0.1:${port}/bench/ready`, proc);
    for (let i = 0; i < runs; i++) {
      const path = `/reload${i}/probe`;
      const routes = [
        ...base.routes,
        { name: `reload${i}`, match: { path: `/reload${i}/**` }, upstream: 'backend', auth: false },
      ];
      const start = performance.now();
      writeFileSync(file, `${JSON.stringify({ ...base, routes }, null, 2)}\n`);
      for (;;) {
        const answer = await get(`http://127.0.0.1:${port}${path}`);
        if (answer?.status === 200) break;
        if (performance.now() - start > 10_000)
          throw new Error(`route ${path} never answered after a reload`);
        await sleep(2);
      }
      times.push(performance.now() - start);
      // Let the watcher settle, so the next write is a reload of its own.
      await sleep(150);
    }
  } finally {
    await stop(proc);
  }
  return times;
}

/** Wall-clock milliseconds of `node args…`, `runs` times (one untimed warm-up for the disk cache). */
export function measureCommand(
  root: string,
  args: string[],
  runs: number,
): { times: number[]; exitCode: number } {
  let exitCode = 0;
  const once = () => {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, {
      cwd: root,
      stdio: 'ignore',
      env: { ...process.env, NO_COLOR: '1' },
    });
    exitCode = result.status ?? -1;
    return performance.now() - start;
  };
  once();
  const times = Array.from({ length: runs }, once);
  return { times, exitCode };
}

/** `node -e 0`, `gateway lint` and `gateway explain GET /users/1` on the example config. */
export function measureCli(
  root: string,
  runs: number,
): { label: string; times: number[]; exitCode: number }[] {
  const example = 'gateway.config.example.ts';
  const rows = [
    { label: '`node -e 0`', args: ['-e', '0'] },
    { label: '`gateway lint` (example config)', args: ['bin/gateway.js', 'lint', '-c', example] },
    {
      label: '`gateway explain GET /users/1` (example config)',
      args: ['bin/gateway.js', 'explain', 'GET', '/users/1', '-c', example],
    },
  ];
  return rows.map((row) => ({ label: row.label, ...measureCommand(root, row.args, runs) }));
}

export { median };
