/** HTTPS in both directions (serving with a certificate, self-signed upstreams) and CORS. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEcho } from '../fixtures/http.js';
import type { RunningFixture } from '../fixtures/listen.js';
import { type RawResponse, send, startTestGateway, type TestGateway } from './proxy-harness.js';

// A throwaway self-signed certificate for localhost (openssl is part of every CI image we use).
const dir = mkdtempSync(join(tmpdir(), 'gateway-tls-'));
const certFile = join(dir, 'cert.pem');
const keyFile = join(dir, 'key.pem');
execFileSync(
  'openssl',
  [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
  ],
  { stdio: 'ignore' },
);

let echo: RunningFixture;
let secureUpstream: ReturnType<typeof createServer>;
let secureUrl: string;
let gw: TestGateway;

test.before(async () => {
  echo = await startEcho();
  secureUpstream = createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ secure: true, path: req.url }));
  });
  await new Promise<void>((r) => secureUpstream.listen(0, '127.0.0.1', () => r()));
  secureUrl = `https://127.0.0.1:${(secureUpstream.address() as { port: number }).port}`;
  gw = await startTestGateway({
    server: { tls: { cert: certFile, key: keyFile }, cors: { origins: ['http://localhost:5173'] } },
    upstreams: {
      echo: echo.url,
      strict: secureUrl,
      selfSigned: { targets: [secureUrl], tls: { insecure: true } },
    },
    routes: [
      { name: 'strict', match: { path: '/strict/**' }, upstream: 'strict' },
      { name: 'self-signed', match: { path: '/self-signed/**' }, upstream: 'selfSigned' },
      { name: 'no-cors', match: { path: '/no-cors/**' }, upstream: 'echo', cors: false },
      { name: 'echo', match: { path: '/echo/**' }, upstream: 'echo' },
    ],
  });
});
test.after(async () => {
  await gw.close();
  await echo.close();
  await new Promise((r) => secureUpstream.close(r));
  rmSync(dir, { recursive: true, force: true });
});

/** An HTTPS request to the gateway that accepts its self-signed certificate. */
function sendTls(
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${gw.url}${path}`,
      { method: options.method ?? 'GET', headers: options.headers, rejectUnauthorized: false, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

test('serves HTTPS with the configured certificate; upstreams see X-Forwarded-Proto: https', async () => {
  assert.match(gw.url, /^https:\/\//);
  const res = await sendTls('/echo/x');
  assert.is(res.status, 200);
  assert.is(JSON.parse(res.body).headers['x-forwarded-proto'], 'https');
  await send(gw.url.replace('https', 'http') + '/echo/x').then(
    () => assert.unreachable('plain HTTP must not be answered'),
    () => undefined,
  );
});

test('a self-signed upstream is refused by default, with a hint', async () => {
  const res = await sendTls('/strict/x');
  assert.is(res.status, 502);
  assert.is(res.headers['content-type'], 'application/problem+json');
  assert.match(JSON.parse(res.body).detail, /TLS failed .*set upstreams.strict.tls.insecure: true/);
});

test('tls.insecure: true accepts a self-signed upstream', async () => {
  const res = await sendTls('/self-signed/x?y=1');
  assert.is(res.status, 200, res.body);
  assert.equal(JSON.parse(res.body), { secure: true, path: '/self-signed/x?y=1' });
});

test('CORS: the gateway answers preflights and adds headers to answers', async () => {
  const preflight = await sendTls('/echo/x', {
    method: 'OPTIONS',
    headers: {
      origin: 'http://localhost:5173',
      'access-control-request-method': 'PUT',
      'access-control-request-headers': 'x-token',
    },
  });
  assert.is(preflight.status, 204);
  assert.is(preflight.headers['access-control-allow-origin'], 'http://localhost:5173');
  assert.match(String(preflight.headers['access-control-allow-methods']), /PUT/);
  assert.is(preflight.headers['access-control-allow-headers'], 'x-token');

  const actual = await sendTls('/echo/x', { headers: { origin: 'http://localhost:5173' } });
  assert.is(actual.status, 200);
  assert.is(actual.headers['access-control-allow-origin'], 'http://localhost:5173');

  const other = await sendTls('/echo/x', { headers: { origin: 'http://evil.example' } });
  assert.is(other.headers['access-control-allow-origin'], undefined);
});

test('CORS off for a route: the preflight goes to the upstream untouched', async () => {
  const res = await sendTls('/no-cors/x', {
    method: 'OPTIONS',
    headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'PUT' },
  });
  assert.is(res.status, 200);
  assert.is(JSON.parse(res.body).method, 'OPTIONS');
});

test.run();
