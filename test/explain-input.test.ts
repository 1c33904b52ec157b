/**
 * `gateway explain` with input it cannot use: a URL the pipeline's own parser refuses is a
 * one-line error and exit 2 (never "unexpected error — this is a bug"); and what explain shows
 * for the secure defaults: 405 with Allow, options that came from `defaults`.
 */
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { explain } from '../src/commands/explain.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const config = 'gateway.config.example.ts';

async function run(method: string, url: string, headers: string[] = []) {
  let stdout = '';
  let stderr = '';
  const result = await explain({
    cwd: root,
    env: {},
    color: false,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    method,
    url,
    headers,
    config,
    now: () => Date.UTC(2026, 10, 26, 5),
  });
  return { ...result, stdout, stderr };
}

const badUrls: [string, RegExp][] = [
  ['http://[::1', /"\[" without "\]"/],
  ['http://host:abc/users/1', /invalid port in host "host:abc"/],
  ['http://a b', /invalid host "a b"/],
  ['http:///users/1', /no host/],
];

for (const [url, reason] of badUrls) {
  test(`explain GET ${url}: one-line error, exit 2`, async () => {
    const { exitCode, stdout, stderr } = await run('GET', url);
    assert.is(exitCode, 2);
    assert.is(stdout, '');
    assert.is(stderr.trim().split('\n').length, 1, stderr);
    assert.match(stderr, /^error invalid URL/);
    assert.match(stderr, reason);
    assert.not.match(stderr, /bug|TypeError/);
  });
}

test('an absolute URL that parses is explained, its host taking part', async () => {
  const { exitCode, stdout } = await run('GET', 'http://localhost:8080/users/1');
  assert.is(exitCode, 0);
  assert.match(stdout, /request +GET \/users\/1 +host localhost/);
});

test('a path served with other methods: 405 with Allow in the result line', async () => {
  const { exitCode, stdout } = await run('POST', '/users/1');
  assert.is(exitCode, 1);
  assert.match(stdout, /result +rejected 405 \(Allow: GET, HEAD\): POST is not allowed on \/users\/1/);
});

test('options filled from defaults are named as such', async () => {
  const { stdout } = await run('GET', '/echo/x');
  assert.match(stdout, /defaults +timeout from defaults; upstream "echo": timeouts from defaults\.upstream/);
});

test('a preflight is matched by the method it asks about', async () => {
  const { exitCode, stdout } = await run('OPTIONS', '/orders', [
    'Origin: http://localhost:5173',
    'Access-Control-Request-Method: POST',
  ]);
  assert.is(exitCode, 0);
  assert.match(stdout, /match +route "orders-write"/);
  assert.match(stdout, /result +answered by the gateway: 204/);
});

test.run();
