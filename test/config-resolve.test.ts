import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defineConfig } from '../src/config/define.js';
import { resolveConfig } from '../src/config/resolve.js';
import type { ResolvedConfig } from '../src/config/resolved.js';

function resolved(user: unknown, dir = '/srv/app'): ResolvedConfig {
  const result = resolveConfig(user, { dir, file: 'gateway.config.ts' });
  if (!result.ok) throw new Error(result.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return result.config;
}

test('defineConfig returns its argument', () => {
  const config = { routes: [] };
  assert.is(defineConfig(config), config);
});

test('an upstream given as a URL string is one target with every default', () => {
  const config = resolved({
    upstreams: { users: 'http://127.0.0.1:4001' },
    routes: [{ name: 'users', match: { path: '/users/**' }, upstream: 'users' }],
  });
  assert.equal(config.upstreams.users, {
    name: 'users',
    protocol: 'http',
    targets: [{ id: '127.0.0.1:4001', url: 'http://127.0.0.1:4001', weight: 1 }],
    balancer: { type: 'round-robin', key: undefined, stickyCookie: undefined },
    health: { active: undefined, passive: undefined },
    timeouts: { connect: 5000, response: 30000 },
    retries: {
      attempts: 0,
      methods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'],
      statuses: [502, 503, 504],
      backoff: 25,
      perTryTimeout: undefined,
      bufferBodyUpTo: 0,
    },
    limits: { maxConcurrent: Number.POSITIVE_INFINITY, maxPending: 0 },
    changeOrigin: true,
    tlsInsecure: false,
    grpc: undefined,
    soap: undefined,
  });
});

test('server defaults: durations in ms, sizes in bytes (1kb = 1024)', () => {
  const config = resolved({ routes: [], server: { limits: { bodySize: '1.5kb', headersTimeout: '2m' } } });
  assert.equal(config.server, {
    host: '127.0.0.1',
    port: 8080,
    tls: undefined,
    trustedProxies: [],
    limits: {
      headerSize: 16384,
      bodySize: 1536,
      headersTimeout: 120000,
      requestTimeout: 60000,
      shutdownGrace: 5000,
    },
    cors: undefined,
    metrics: undefined,
  });
  assert.is(config.file, '/srv/app/gateway.config.ts');
});

test('target ids fill in default ports; weights and protocols are kept', () => {
  const config = resolved({
    upstreams: {
      web: { targets: ['https://api.example.com', { url: 'http://Example.com/base', weight: 3 }] },
      products: {
        protocol: 'grpc',
        targets: ['grpc://127.0.0.1:50051'],
        grpc: { protos: ['protos/shop.proto'], includeDirs: ['protos'] },
      },
      inventory: { protocol: 'soap', targets: ['http://127.0.0.1:4301'], soap: { wsdl: './inventory.wsdl' } },
    },
    routes: [
      { name: 'p', match: { path: '/p' }, upstream: 'products' },
      { name: 'i', match: { path: '/i' }, upstream: 'inventory', soap: { operation: 'GetStock' } },
    ],
  });
  assert.equal(
    config.upstreams.web!.targets.map((t) => [t.id, t.weight]),
    [
      ['api.example.com:443', 1],
      ['example.com:80', 3],
    ],
  );
  assert.equal(config.upstreams.products!.grpc, {
    protos: ['/srv/app/protos/shop.proto'],
    includeDirs: ['/srv/app/protos'],
    forwardHeaders: [],
    returnMetadata: [],
  });
  assert.equal(config.upstreams.inventory!.soap, { wsdl: '/srv/app/inventory.wsdl', version: '1.1' });
  assert.equal(config.routes[0]!.grpc, { method: 'annotations' });
  assert.equal(config.routes[1]!.soap, { operation: 'GetStock' });
});

test('match conditions are normalized into matchers', () => {
  const config = resolved({
    upstreams: { echo: 'http://127.0.0.1:4401' },
    routes: [
      {
        name: 'echo',
        match: {
          path: { regex: '^/v(?<version>\\d+)/', flags: 'i' },
          methods: ['get', 'Post'],
          host: '*.Example.COM',
          headers: { 'X-Tenant': 'acme', 'x-debug': true, 'x-legacy': false, 'x-version': /^2\./g },
          query: { Full: { regex: '^1$' } },
        },
        upstream: 'echo',
        rewrite: {
          regex: { pattern: '^/v\\d+/(.*)$', replacement: '/$1' },
          headers: { set: { 'X-From': 'gw' }, remove: ['Cookie'] },
        },
      },
    ],
  });
  const { match, rewrite } = config.routes[0]!;
  assert.instance(match.path, RegExp);
  assert.is(String(match.path), '/^\\/v(?<version>\\d+)\\//i');
  assert.equal(match.methods, ['GET', 'POST']);
  assert.equal(match.host, ['*.example.com']);
  assert.equal(Object.keys(match.headers), ['x-tenant', 'x-debug', 'x-legacy', 'x-version']);
  assert.equal(match.headers['x-tenant'], { kind: 'exact', value: 'acme' });
  assert.equal(match.headers['x-debug'], { kind: 'present' });
  assert.equal(match.headers['x-legacy'], { kind: 'absent' });
  const version = match.headers['x-version'];
  assert.is(
    version?.kind === 'regex' && version.regex.flags,
    '',
    'the g flag is dropped so test() has no state',
  );
  assert.equal(Object.keys(match.query), ['Full']);
  assert.instance(rewrite!.regex!.pattern, RegExp);
  assert.equal(rewrite!.headers, { set: { 'x-from': 'gw' }, remove: ['cookie'] });
});

test('route auth: own, false, defaults, or none', () => {
  const config = resolved({
    auth: {
      jwt: {
        type: 'jwt',
        algorithms: ['RS256'],
        jwks: 'keys/jwks.json',
        issuer: 'https://issuer',
        audience: ['a', 'b'],
      },
      key: { type: 'api-key', keys: [{ name: 'ci', key: { file: 'keys/ci.txt' } }] },
    },
    defaults: { auth: 'jwt' },
    upstreams: { up: 'http://127.0.0.1:1' },
    routes: [
      { name: 'inherits', match: { path: '/a' }, upstream: 'up' },
      { name: 'public', match: { path: '/b' }, upstream: 'up', auth: false },
      {
        name: 'scoped',
        match: { path: '/c' },
        upstream: 'up',
        auth: { providers: ['jwt', 'key'], scopes: ['orders:read'], identityHeaders: { 'X-User': 'sub' } },
      },
    ],
  });
  const [inherits, open, scoped] = config.routes;
  assert.equal([inherits!.authSource, inherits!.auth?.providers], ['default', ['jwt']]);
  assert.equal([open!.authSource, open!.auth], ['route', null]);
  assert.equal(scoped!.auth, {
    providers: ['jwt', 'key'],
    scopes: ['orders:read'],
    roles: [],
    forwardCredential: false,
    identityHeaders: { 'x-user': 'sub' },
  });
  const jwt = config.auth.jwt!;
  assert.ok(jwt.type === 'jwt');
  if (jwt.type === 'jwt') {
    assert.equal(
      [jwt.jwks, jwt.issuer, jwt.audience, jwt.clockTolerance],
      ['/srv/app/keys/jwks.json', ['https://issuer'], ['a', 'b'], 30000],
    );
  }
  const key = config.auth.key!;
  assert.equal(key.type === 'api-key' && [key.header, key.keys[0]!.key], [
    'x-api-key',
    { file: '/srv/app/keys/ci.txt' },
  ]);
  const none = resolved({ routes: [{ name: 'h', match: { path: '/health' }, respond: 'health' }] });
  assert.equal(
    [none.routes[0]!.authSource, none.routes[0]!.auth, none.routes[0]!.respond],
    ['none', null, { kind: 'health' }],
  );
});

test('cors: default methods, maxAge in seconds', () => {
  const config = resolved({
    routes: [],
    server: { cors: { origins: ['http://localhost:5173'], exposeHeaders: ['X-Request-Id'] } },
  });
  assert.equal(config.server.cors, {
    origins: ['http://localhost:5173'],
    methods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'],
    headers: undefined,
    exposeHeaders: ['x-request-id'],
    credentials: false,
    maxAgeSeconds: 600,
  });
});

test('the result is deeply frozen', () => {
  const config = resolved({
    upstreams: { u: 'http://127.0.0.1:1' },
    routes: [{ name: 'u', match: { path: '/u' }, upstream: 'u' }],
  });
  assert.ok(Object.isFrozen(config));
  assert.ok(Object.isFrozen(config.routes[0]!.match));
  assert.ok(Object.isFrozen(config.upstreams.u!.targets[0]));
  assert.throws(() => {
    (config.routes as unknown as unknown[]).push(1);
  });
});

test.run();
