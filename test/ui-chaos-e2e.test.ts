/**
 * End to end in a real terminal (tmux, 120×40): `gateway dev` on port 0 with a small config in a
 * temp folder, against the echo fixture on port 0. A request is selected, `f` switches chaos mode
 * on its route, and injected 503s (marked ↯) appear for it while another route stays untouched.
 * `--seed` makes the draws the same on every run. Needs `dist/` (`npm run build`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEcho } from '../fixtures/http.js';
import type { RunningFixture } from '../fixtures/listen.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOCKET = `gateway-chaos-e2e-${process.pid}`;
const SESSION = 'chaos';
let echo: RunningFixture;
let dir: string;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
}

async function until(check: (screen: string) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = tmux('capture-pane', '-p', '-t', SESSION);
    if (check(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the screen never showed ${what}; it shows:\n${last}`);
}

test.before(async () => {
  if (!existsSync(`${ROOT}dist/cli.js`)) throw new Error('dist/ is missing: run `npm run build` first');
  echo = await startEcho();
  dir = await mkdtemp(join(tmpdir(), 'gateway-chaos-'));
  await writeFile(
    join(dir, 'gateway.config.json'),
    JSON.stringify({
      upstreams: { echo: echo.url },
      routes: [
        { name: 'flaky', match: { path: '/flaky/**' }, upstream: 'echo' },
        { name: 'steady', match: { path: '/steady/**' }, upstream: 'echo' },
      ],
    }),
  );
  const command = `'${process.execPath}' '${ROOT}bin/gateway.js' dev --port 0 --seed 7; echo EXIT=$?; sleep 60`;
  tmux('new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', '-c', dir, command);
});

test.after(async () => {
  try {
    tmux('kill-server');
  } catch {
    // Already gone.
  }
  await echo.close();
  await rm(dir, { recursive: true, force: true });
});

test('f on a selected request turns chaos mode on for its route: 503s appear, marked injected', async () => {
  const first = await until(
    (s) => /gateway listening on http:\/\/127\.0\.0\.1:\d+/.test(s),
    'the listening line',
  );
  const url = /gateway listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(first)![1]!;
  assert.is((await fetch(`${url}/flaky/0`)).status, 200);
  await until((s) => s.includes('/flaky/0'), 'the first request');

  tmux('send-keys', '-t', SESSION, 'Up');
  await until(
    (s) => s.split('\n').some((l) => l.startsWith('›') && l.includes('/flaky/0')),
    'the request selected',
  );
  tmux('send-keys', '-t', SESSION, 'f');
  const on = await until((s) => s.includes('↯ chaos on flaky'), 'chaos mode in the header');
  assert.match(on, /↯flaky/);

  const flaky: number[] = [];
  const steady: number[] = [];
  for (let i = 1; i <= 40; i++) {
    const a = await fetch(`${url}/flaky/${i}`);
    await a.arrayBuffer();
    flaky.push(a.status);
    const b = await fetch(`${url}/steady/${i}`);
    await b.arrayBuffer();
    steady.push(b.status);
  }
  const injected = flaky.filter((s) => s === 503).length;
  assert.ok(injected > 0, `no 503 in ${flaky.join(',')}`);
  assert.ok(
    flaky.every((s) => s === 200 || s === 503),
    flaky.join(','),
  );
  assert.ok(
    steady.every((s) => s === 200),
    'the other route is untouched',
  );
  // Esc drops the selection; the filter shows the 503s, each marked injected (↯).
  tmux('send-keys', '-t', SESSION, 'Escape');
  // A key right after Esc would read as Alt+key: wait until the Esc has landed.
  await until((s) => !s.split('\n').some((l) => l.startsWith('›')), 'the selection dropped');
  tmux('send-keys', '-t', SESSION, '/');
  await until((s) => s.includes('filter: '), 'the filter prompt');
  tmux('send-keys', '-t', SESSION, '503');
  await until((s) => s.includes('filter: 503'), 'the typed filter');
  tmux('send-keys', '-t', SESSION, 'Enter');
  const list = await until((s) => s.includes(`${injected} matching`), 'the injected 503s, filtered');
  const rows = list.split('\n').filter((l) => l.includes(' 503↯'));
  assert.ok(rows.length > 0, list);
  for (const row of rows) assert.match(row, /GET\s+\/flaky\/\d+\s+→ flaky\s+→ —\s+public\s+503↯/);
  assert.match(list, /↯flaky\s+\* \/flaky\/\*\*\s+41\s+\d+/);

  tmux('send-keys', '-t', SESSION, 'q');
  const after = await until((s) => /EXIT=\d+/.test(s), 'the exit status', 20_000);
  assert.match(after, /EXIT=0\b/);
});

test.run();
