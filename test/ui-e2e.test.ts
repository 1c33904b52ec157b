/**
 * End to end: `gateway dev --demo` in a real terminal (tmux, 120×40), real HTTP requests, and the
 * screen read back with `tmux capture-pane`: the requests appear with their routes and targets,
 * Enter on one shows its trace, and `q` exits with status 0. Needs `dist/` (`npm run build`).
 * The gateway (`--port 0`) and the demo services (GATEWAY_DEMO_PORTS=free) take free ports, so a
 * demo running beside the tests, or another test run, is no obstacle.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// Its own tmux server (-L): the test's environment, and nothing of anyone else's sessions.
const SOCKET = `gateway-ui-e2e-${process.pid}`;
const SESSION = 'ui';

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
}

function screen(): string {
  return tmux('capture-pane', '-p', '-t', SESSION);
}

async function until(check: (screen: string) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = screen();
    if (check(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the screen never showed ${what}; it shows:\n${last}`);
}

function line(text: string, path: string): string {
  return text.split('\n').find((l) => l.includes(` ${path} `)) ?? '';
}

test.before(async () => {
  if (!existsSync(`${ROOT}dist/cli.js`)) throw new Error('dist/ is missing: run `npm run build` first');
  const command = `GATEWAY_DEMO_PORTS=free '${process.execPath}' bin/gateway.js dev --demo --port 0; echo EXIT=$?; sleep 60`;
  tmux('new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', '-c', ROOT, command);
});

test.after(() => {
  try {
    tmux('kill-server');
  } catch {
    // Already gone.
  }
});

test('gateway dev --demo: requests appear with routes and targets, Enter shows a trace, q exits 0', async () => {
  const listening = await until(
    (s) => /gateway listening on http:\/\/127\.0\.0\.1:\d+/.test(s) && s.includes('REQUESTS'),
    'the listening screen',
  );
  const gateway = /gateway listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(listening)![1]!;
  assert.is.not(gateway, 'http://127.0.0.1:8080');

  const statuses: number[] = [];
  for (const path of ['/users/1', '/v1/products/42', '/orders/1']) {
    const response = await fetch(`${gateway}${path}`);
    await response.arrayBuffer();
    statuses.push(response.status);
  }
  assert.equal(statuses, [200, 200, 401]);

  const list = await until((s) => line(s, '/orders/1').includes('401'), 'the three requests');
  // Free ports, one digit longer than the demo's, so the target column cuts its reason short.
  const users = line(list, '/users/1');
  assert.match(users, /GET\s+\/users\/1\s+→ users\s+→ 127\.0\.0\.1:\d+ round-robin: 1st of\S*\s.*200/);
  assert.match(
    line(list, '/v1/products/42'),
    /→ products\s+→ 127\.0\.0\.1:\d+ round-robin: 1st of\S*\s.*200/,
  );
  // The target is the first users instance, as the upstreams panel lists it.
  const target = /→ (127\.0\.0\.1:\d+)/.exec(users)![1]!;
  assert.match(list, new RegExp(`UPSTREAMS[\\s\\S]*\\busers\\s+${target.replaceAll('.', '\\.')}\\s+healthy`));
  assert.match(line(list, '/orders/1'), /→ orders\s+→ —\s+✘ jwt\s+401/);
  // The routes panel counted them.
  assert.match(list, /users\s+GET,HEAD \/users\/\*\*\s+1\s+0/);

  tmux('send-keys', '-t', SESSION, 'Up');
  await until((s) => line(s, '/orders/1').startsWith('›'), 'the newest request selected');
  tmux('send-keys', '-t', SESSION, 'Enter');
  const trace = await until((s) => s.includes('TRACE GET /orders/1'), 'the trace of /orders/1');
  assert.match(trace, /match\s+route "orders"/);
  assert.match(trace, /auth\s+.*jwt/);
  assert.match(trace, /result\s+rejected 401/);
  assert.match(trace, /answer\s+401 in/);
  assert.match(trace, /trace\s+[0-9a-f]{32} started \(no traceparent came\), gateway span [0-9a-f]{16}/);

  tmux('send-keys', '-t', SESSION, 'Escape');
  await until((s) => s.includes('REQUESTS 3 of 3 kept'), 'the list again');
  // `s` saves the kept requests as HAR in the current folder (the repository here), then it is removed.
  tmux('send-keys', '-t', SESSION, 's');
  const saved = await until((s) => /saved 3 requests to gateway-\S+\.har/.test(s), 'the HAR notice');
  const file = /saved 3 requests to (gateway-\S+\.har)/.exec(saved)![1]!;
  try {
    const har = JSON.parse(readFileSync(`${ROOT}${file}`, 'utf8'));
    assert.equal(
      har.log.entries.map((e: { request: { url: string }; response: { status: number } }) => [
        new URL(e.request.url).pathname,
        e.response.status,
      ]),
      [
        ['/users/1', 200],
        ['/v1/products/42', 200],
        ['/orders/1', 401],
      ],
    );
    // Captured by the real proxy: the client's headers and the answer's body.
    assert.ok(har.log.entries[0].request.headers.some((h: { name: string }) => h.name === 'host'));
    assert.match(har.log.entries[0].response.content.text, /"instance":"users-1"/);
  } finally {
    rmSync(`${ROOT}${file}`, { force: true });
  }
  tmux('send-keys', '-t', SESSION, 'q');
  const after = await until((s) => /EXIT=\d+/.test(s), 'the exit status', 20_000);
  assert.match(after, /EXIT=0\b/);
});

test.run();
