import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ConfigIssue } from '../src/config/issues.js';
import { resolveConfig } from '../src/config/resolve.js';

/** `path: message` lines, as the CLI prints them. */
function problems(user: unknown): string[] {
  const result = resolveConfig(user, { dir: '/srv/app' });
  assert.not.ok(result.ok, 'expected the config to be rejected');
  return (result as { issues: readonly ConfigIssue[] }).issues.map((i) => `${i.path}: ${i.message}`);
}

test('every schema problem is reported, with its key path, as a value (nothing thrown or exited)', () => {
  assert.equal(
    problems({
      upstreams: { users: 'http://127.0.0.1:4001' },
      routes: [
        { name: 'users', match: { path: 'users' }, upstream: 'users' },
        { name: 'slow', match: { path: '/slow' }, upstream: 'users', timeout: '10 sec' },
      ],
    }),
    [
      'routes[0].match.path: expected a path starting with "/", found "users"',
      'routes[1].timeout: expected a duration such as 250, "250ms", "30s" or "5m", found "10 sec"',
    ],
  );
});

test('unknown keys get a did-you-mean from the keys allowed there', () => {
  assert.equal(
    problems({
      upstreams: { users: { targets: ['http://127.0.0.1:4001'], balancr: 'random' } },
      routes: [{ name: 'u', match: { path: '/u', methdos: ['GET'] }, upstrem: 'users' }],
    }),
    [
      'upstreams.users.balancr: unknown key "balancr" — did you mean "balancer"?',
      'routes[0].match.methdos: unknown key "methdos" — did you mean "methods"?',
      'routes[0].upstrem: unknown key "upstrem" — did you mean "upstream"?',
    ],
  );
  assert.equal(problems({ routes: [], zzz: 1 }), [
    'zzz: unknown key "zzz" (allowed: $schema, server, upstreams, auth, defaults, routes, tests, lint)',
  ]);
});

test('a union gives one message: what the value could have been, or the member it was meant for', () => {
  assert.equal(
    problems({
      upstreams: { users: 5, orders: { targets: ['http://127.0.0.1:1'], balancer: 'radnom' } },
      auth: { jwt: { type: 'jwtt' } },
      routes: [{ name: 'u', match: { path: '/u' }, upstream: 'users', auth: { providers: 5 } }],
    }),
    [
      'upstreams.users: expected a string or an object, found 5',
      'upstreams.orders.balancer: expected one of "round-robin", "weighted-round-robin", "least-connections", "power-of-two-choices", "random", "consistent-hash", found "radnom" — did you mean "random"?',
      'auth.jwt.type: expected one of "api-key", "basic", "jwt", "forward", found "jwtt" — did you mean "jwt"?',
      'routes[0].auth.providers: expected a string or an array, found 5',
    ],
  );
});

test('missing required keys say what was expected', () => {
  assert.equal(problems({ routes: [{ match: { path: '/x' }, respond: 'health' }] }), [
    'routes[0].name: missing — expected a string',
  ]);
  assert.equal(problems(undefined), [': missing — expected an object']);
});

test('names that refer to other parts of the config are checked, all at once', () => {
  assert.equal(
    problems({
      upstreams: { orders: 'http://127.0.0.1:4201', users: 'http://127.0.0.1:4101' },
      auth: { jwt: { type: 'jwt', algorithms: ['HS256'], secret: { env: 'JWT_SECRET' } } },
      defaults: { auth: 'jtw' },
      routes: [
        { name: 'a', match: { path: '/a' }, upstream: 'users' },
        { name: 'a', match: { path: '/b' }, upstream: 'users' },
        { name: 'c', match: { path: '/c' } },
        { name: 'd', match: { path: '/d' }, upstream: 'order', auth: ['jwt', 'apikey'] },
      ],
    }),
    [
      'defaults.auth: auth provider "jtw" is not defined — did you mean "jwt"?',
      'routes[1].name: "a" is already the name of routes[0] — route names must be unique',
      'routes[2]: missing "upstream" (the upstream that serves this route), "respond" (an answer from the gateway), "redirect" (a redirect the gateway answers with) or "mock" (a made-up answer)',
      'routes[3].upstream: "order" is not defined — did you mean "orders"?',
      'routes[3].auth[1]: auth provider "apikey" is not defined in "auth"',
    ],
  );
});

test('protocol blocks, key sources, regexes, URLs and CORS are checked', () => {
  assert.equal(
    problems({
      server: { cors: { origins: '*', credentials: true } },
      upstreams: {
        web: {
          targets: ['localhost:4001', 'http://127.0.0.1:2', 'http://127.0.0.1:2/'],
          grpc: { protos: ['a.proto'] },
        },
        products: { protocol: 'grpc', targets: ['grpc://127.0.0.1:50051'] },
        inventory: { protocol: 'soap', targets: ['http://127.0.0.1:4301'], soap: { wsdl: 'inventory.wsdl' } },
      },
      auth: {
        hs: { type: 'jwt', algorithms: ['HS256'], publicKey: 'key.pem' },
        rs: { type: 'jwt', algorithms: ['RS256'], secret: 'x' },
        none: { type: 'jwt', algorithms: ['ES256'] },
      },
      routes: [
        {
          name: 'a',
          match: { path: { regex: '(unclosed' } },
          upstream: 'web',
          grpc: { method: 'x.Y/Z' },
          grpcWeb: true,
        },
        { name: 'b', match: { path: '/b' }, upstream: 'inventory' },
        {
          name: 'c',
          match: { path: '/c' },
          respond: 'health',
          rewrite: { regex: { pattern: '[', replacement: '' } },
        },
      ],
    }),
    [
      'upstreams.web.targets[0]: "localhost:4001" is not a URL — expected e.g. "http://127.0.0.1:4001"',
      'upstreams.web.targets[2]: 127.0.0.1:2 is already targets[1] — each target needs its own host:port',
      'upstreams.web.grpc: only used with protocol: "grpc" — set protocol: "grpc" or remove this block',
      `upstreams.products: protocol "grpc" needs a "grpc" block, e.g. grpc: { protos: ['./product.proto'] }`,
      'auth.hs.publicKey: HS256 verifies with a "secret", not "publicKey"',
      'auth.rs.secret: a secret only verifies HS* algorithms; RS256 needs "publicKey" or "jwks"',
      'auth.none: ES256 needs "publicKey" (a PEM file) or "jwks" (a file or URL)',
      `server.cors.credentials: browsers refuse credentials with origins: '*' — list the origins, e.g. origins: ['http://localhost:5173']`,
      'routes[0].grpc: upstream "web" speaks http; "grpc" is only for gRPC upstreams',
      `routes[0].grpcWeb: upstream "web" speaks http; gRPC-Web needs a gRPC upstream (protocol: 'grpc')`,
      'routes[0].match.path.regex: invalid regular expression: /(unclosed/: Unterminated group',
      `routes[1]: upstream "inventory" is SOAP: name the operation, e.g. soap: { operation: 'GetStock' }`,
      'routes[2].rewrite.regex.pattern: invalid regular expression: /[/: Unterminated character class',
    ],
  );
});

test.run();
