/**
 * `authorize` across providers: public routes, any-of provider lists (first success wins,
 * an invalid credential is reported over a missing one), credential stripping, identity
 * headers, and the spoof-proof removal of identity headers on every route.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AuthProvider } from '../src/pipeline/auth/index.js';
import { authorize, identityHeaderNames } from '../src/pipeline/auth/index.js';
import { compile, context, request, routeAuth } from './auth-support.js';

const { providers } = await compile({
  jwt: { type: 'jwt', algorithms: ['HS256'], secret: 'authorize-test-secret-0123456789abcdef' },
  key: {
    type: 'api-key',
    keys: [
      { name: 'ci', key: 'ci-key-0123456789' },
      { name: 'ops', key: 'ops-key-0123456789' },
    ],
  },
  qkey: { type: 'api-key', query: 'api_key', keys: [{ name: 'partner', key: 'partner-key-0123' }] },
});

test('a public route requires nothing and still removes identity headers clients sent', async () => {
  assert.equal(await authorize(null, providers, request(), context()), {
    result: 'public',
    providers: [],
    reason: 'public route',
  });
  const outcome = await authorize(null, providers, request({ headers: { 'x-user': 'admin' } }), context(), {
    identityHeaders: ['x-user'],
  });
  assert.equal(outcome.headers, { set: {}, remove: ['x-user'] });
});

test('several providers: the first that authenticates wins', async () => {
  const outcome = await authorize(
    routeAuth(['jwt', 'key']),
    providers,
    request({ headers: { 'x-api-key': 'ops-key-0123456789' } }),
    context(),
  );
  assert.is(outcome.result, 'allow');
  assert.is(outcome.provider, 'key');
  assert.is(outcome.identity?.name, 'ops');
  assert.is(outcome.reason, 'authenticated as ops by key');
  assert.equal(outcome.providers, ['jwt', 'key']);
});

test('nothing presented: one reason naming every accepted credential, the first provider challenges', async () => {
  const outcome = await authorize(routeAuth(['jwt', 'key']), providers, request(), context());
  assert.equal(outcome, {
    result: 'deny',
    providers: ['jwt', 'key'],
    provider: 'jwt',
    status: 401,
    reason: 'missing credential: expected Authorization: Bearer <token> or header x-api-key',
    challenge: 'Bearer realm="gateway"',
  });
});

test('a presented-but-invalid credential is the reason reported over a missing one', async () => {
  const outcome = await authorize(
    routeAuth(['jwt', 'key']),
    providers,
    request({ headers: { 'x-api-key': 'guess' } }),
    context(),
  );
  assert.is(outcome.provider, 'key');
  assert.is(outcome.reason, 'API key not recognized (header x-api-key)');
  assert.is(outcome.challenge, 'Bearer realm="gateway"');
});

test('several copies of a credential header are refused, not guessed between', async () => {
  const outcome = await authorize(
    routeAuth('key'),
    providers,
    request({ headers: { 'x-api-key': ['ops-key-0123456789', 'x'] } }),
    context(),
  );
  assert.is(outcome.reason, 'several API keys presented (header x-api-key); send exactly one');
});

test('an API key in the query is removed from the upstream URL unless the route forwards it', async () => {
  const req = request({ query: 'page=2&api_key=partner-key-0123' });
  const stripped = await authorize(routeAuth('qkey'), providers, req, context());
  assert.is(stripped.result, 'allow');
  assert.equal(stripped.removeQuery, ['api_key']);
  const kept = await authorize(
    routeAuth({ providers: 'qkey', forwardCredential: true }),
    providers,
    req,
    context(),
  );
  assert.is(kept.removeQuery, undefined);
});

test('identity headers: name for api-key identities, client copies removed first', async () => {
  const auth = routeAuth({ providers: 'key', identityHeaders: { 'X-Client': 'name', 'x-scope': 'scope' } });
  const req = request({
    headers: { 'x-api-key': 'ci-key-0123456789', 'x-client': 'admin', 'x-scope': 'everything' },
  });
  const outcome = await authorize(auth, providers, req, context(), { identityHeaders: ['x-tenant'] });
  assert.equal(outcome.headers, {
    remove: ['x-api-key', 'x-client', 'x-scope', 'x-tenant'],
    set: { 'x-client': 'ci' },
  });
});

test('scopes on a provider that grants none is a 403 naming the scope', async () => {
  const outcome = await authorize(
    routeAuth({ providers: 'key', scopes: ['orders:write'] }),
    providers,
    request({ headers: { 'x-api-key': 'ci-key-0123456789' } }),
    context(),
  );
  assert.is(outcome.status, 403);
  assert.is(outcome.reason, 'missing scope orders:write (token has no scopes)');
  assert.is(outcome.challenge, undefined, 'RFC 6750 insufficient_scope is for Bearer tokens only');
});

test('an undefined provider or a provider that throws is a definite 500, never a throw', async () => {
  const outcome = await authorize(routeAuth('nope'), providers, request(), context());
  assert.equal(
    [outcome.result, outcome.status, outcome.reason],
    ['deny', 500, 'auth provider "nope" is not defined'],
  );
  const broken: AuthProvider = {
    name: 'broken',
    type: 'api-key',
    challenge: 'ApiKey',
    credential: {},
    authenticate: () => Promise.reject(new Error('boom')),
  };
  const thrown = await authorize(routeAuth('broken'), new Map([['broken', broken]]), request(), context());
  assert.equal([thrown.status, thrown.reason], [500, 'provider broken failed: boom']);
});

test('identityHeaderNames collects every route identity header and forward-auth response header', async () => {
  const compiled = await compile({
    sso: { type: 'forward', url: 'http://127.0.0.1:9/auth', responseHeaders: ['X-Auth-User'] },
  });
  const routes = [
    { auth: routeAuth({ providers: 'sso', identityHeaders: { 'X-User': 'sub' } }) },
    { auth: null },
    { auth: routeAuth({ providers: 'sso', identityHeaders: { 'x-email': 'email', 'x-user': 'sub' } }) },
  ];
  assert.equal(identityHeaderNames(routes, compiled.providers), ['x-auth-user', 'x-email', 'x-user']);
});

test.run();
