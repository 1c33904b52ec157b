/**
 * Forward auth against a real HTTP auth service on 127.0.0.1:0: what the service is asked,
 * 2xx copying the configured headers upstream, any other answer passed back as it was,
 * a slow service becoming a 504 and an absent one a 503 (both configurable).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { authorize } from '../src/pipeline/auth/index.js';
import { compile, context, request, routeAuth, serve } from './auth-support.js';

const seen: { method: string; url: string; headers: IncomingHttpHeaders }[] = [];
const service = await serve((req, res) => {
  seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
  const auth = req.headers.authorization;
  if (auth === 'Bearer good') {
    res.writeHead(204, { 'x-auth-user': 'alice', 'x-auth-role': 'admin', 'x-not-copied': 'no' }).end();
  } else if (auth === 'Bearer slow') {
    setTimeout(() => res.writeHead(200).end(), 1000);
  } else if (auth === 'Bearer huge') {
    res.writeHead(403, { 'content-type': 'text/plain' }).end('x'.repeat(200_000));
  } else if (req.headers.cookie === 'session=expired') {
    res
      .writeHead(302, { location: 'https://sso.test/login?rd=%2Forders%2F1', 'set-cookie': ['a=1', 'b=2'] })
      .end();
  } else {
    res
      .writeHead(403, { 'content-type': 'application/problem+json', 'x-reason': 'policy' })
      .end('{"title":"not on the list"}');
  }
});

const provider = (extra: Record<string, unknown> = {}) =>
  compile({
    sso: {
      type: 'forward',
      url: `${service.url}/auth`,
      responseHeaders: ['X-Auth-User', 'X-Auth-Role'],
      timeout: 200,
      ...extra,
    },
  });

test('the service gets a GET with the selected headers and where the request was going', async () => {
  const { providers } = await provider();
  seen.length = 0;
  const req = request({
    method: 'POST',
    path: '/orders/1',
    query: 'full=1',
    headers: { authorization: 'Bearer good', cookie: 'theme=dark', 'x-private': 'not sent' },
  });
  await authorize(routeAuth('sso'), providers, req, context());
  const asked = seen[0]!;
  assert.is(asked.method, 'GET');
  assert.is(asked.url, '/auth');
  assert.is(asked.headers.authorization, 'Bearer good');
  assert.is(asked.headers.cookie, 'theme=dark');
  assert.is(asked.headers['x-private'], undefined, 'only requestHeaders are sent');
  assert.is(asked.headers['x-forwarded-method'], 'POST');
  assert.is(asked.headers['x-forwarded-uri'], '/orders/1?full=1');
  assert.is(asked.headers['x-forwarded-host'], 'gateway.local');
  assert.is(asked.headers['x-forwarded-proto'], 'http');
  assert.is(asked.headers['x-forwarded-for'], '127.0.0.9');
});

test('2xx allows and copies only the configured response headers, replacing client copies', async () => {
  const { providers } = await provider();
  const req = request({ headers: { authorization: 'Bearer good', 'x-auth-role': 'spoofed-by-client' } });
  const outcome = await authorize(routeAuth('sso'), providers, req, context());
  assert.is(outcome.result, 'allow');
  assert.is(outcome.identity?.name, 'sso', 'no user header the gateway knows: the provider name');
  assert.equal(outcome.headers, {
    remove: ['x-auth-role', 'x-auth-user'],
    set: { 'x-auth-user': 'alice', 'x-auth-role': 'admin' },
  });
});

test('a client cannot spoof forward-auth headers on a route allowed by another provider', async () => {
  const { providers } = await compile({
    sso: { type: 'forward', url: `${service.url}/auth`, responseHeaders: ['x-auth-user'] },
    key: { type: 'api-key', keys: [{ name: 'ci', key: 'ci-key-123456' }] },
  });
  const req = request({
    headers: { 'x-api-key': 'ci-key-123456', 'x-auth-user': 'admin', authorization: 'Bearer nope' },
  });
  const outcome = await authorize(routeAuth(['sso', 'key']), providers, req, context());
  assert.is(outcome.result, 'allow');
  assert.is(outcome.provider, 'key');
  assert.ok(outcome.headers?.remove.includes('x-auth-user'));
  assert.is(outcome.headers?.set['x-auth-user'], undefined);
});

test('a denial is passed through: status, headers and body as the service answered', async () => {
  const { providers } = await provider();
  const outcome = await authorize(
    routeAuth('sso'),
    providers,
    request({ headers: { authorization: 'Bearer bad' } }),
    context(),
  );
  assert.is(outcome.result, 'deny');
  assert.is(outcome.status, 403);
  assert.is(outcome.reason, 'auth service answered 403');
  assert.is(outcome.passthrough?.status, 403);
  assert.is(outcome.passthrough?.body, '{"title":"not on the list"}');
  assert.is(outcome.passthrough?.headers['content-type'], 'application/problem+json');
  assert.is(outcome.passthrough?.headers['x-reason'], 'policy');
  assert.is(outcome.challenge, undefined);
});

test('a redirect to a login page is passed through with its Location and cookies', async () => {
  const { providers } = await provider();
  const outcome = await authorize(
    routeAuth('sso'),
    providers,
    request({ headers: { cookie: 'session=expired' } }),
    context(),
  );
  assert.is(outcome.status, 302);
  assert.is(outcome.passthrough?.headers.location, 'https://sso.test/login?rd=%2Forders%2F1');
  assert.equal(outcome.passthrough?.headers['set-cookie'], ['a=1', 'b=2']);
  assert.is(
    outcome.reason,
    'auth service answered 302 (redirect to https://sso.test/login?rd=%2Forders%2F1)',
  );
});

test('a huge denial body is cut at 64 KiB', async () => {
  const { providers } = await provider();
  const outcome = await authorize(
    routeAuth('sso'),
    providers,
    request({ headers: { authorization: 'Bearer huge' } }),
    context(),
  );
  assert.is(outcome.status, 403);
  assert.is(outcome.passthrough?.body.length, 64 * 1024);
});

test('a service slower than the timeout is a 504', async () => {
  const { providers } = await provider();
  const outcome = await authorize(
    routeAuth('sso'),
    providers,
    request({ headers: { authorization: 'Bearer slow' } }),
    context(),
  );
  assert.is(outcome.result, 'deny');
  assert.is(outcome.status, 504);
  assert.is(outcome.reason, `auth service "sso" (${service.url}/auth) did not answer within 200ms`);
});

test('an unreachable service is a 503 naming the cause', async () => {
  const gone = await serve(() => {});
  const url = `${gone.url}/auth`;
  await gone.close();
  const { providers } = await compile({ sso: { type: 'forward', url } });
  const outcome = await authorize(routeAuth('sso'), providers, request(), context());
  assert.is(outcome.status, 503);
  assert.is(outcome.reason, `auth service "sso" (${url}) could not be reached (ECONNREFUSED)`);
});

test('timeoutStatus and unreachableStatus change the two statuses', async () => {
  const gone = await serve(() => {});
  const url = `${gone.url}/auth`;
  await gone.close();
  const { providers } = await compile({
    down: { type: 'forward', url, unreachableStatus: 502 },
    slow: { type: 'forward', url: `${service.url}/auth`, timeout: '100ms', timeoutStatus: 503 },
  });
  assert.is((await authorize(routeAuth('down'), providers, request(), context())).status, 502);
  const slow = await authorize(
    routeAuth('slow'),
    providers,
    request({ headers: { authorization: 'Bearer slow' } }),
    context(),
  );
  assert.is(slow.status, 503);
});

test.after(() => service.close());
test.run();
