import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { normalize, normalizePath } from '../src/pipeline/normalize.js';
import type { RequestInput } from '../src/pipeline/types.js';

// Rule → raw path → normalized path (or the rejection).
const pathCases: [rule: string, raw: string, expected: string | { status: number; reason: RegExp }][] = [
  ['plain path is returned as is', '/users/42', '/users/42'],
  ['dot-dot removes the previous segment', '/v1/products/../admin', '/v1/admin'],
  ['single dot is removed', '/v1/./products', '/v1/products'],
  ['dot-dot above the root stays at the root', '/../../etc/passwd', '/etc/passwd'],
  ['trailing dot-dot leaves a trailing slash (RFC 3986 5.2.4)', '/a/b/..', '/a/'],
  ['repeated slashes are merged', '/v1//products', '/v1/products'],
  ['leading repeated slashes are merged', '//v1///x', '/v1/x'],
  ['encoded dots are dot segments', '/v1/%2e%2e/x', '/x'],
  ['mixed encoded dots are dot segments', '/v1/.%2E/x', '/x'],
  ['trailing slash is kept', '/users/', '/users/'],
  ['root stays root', '/', '/'],
  ['unreserved escapes are decoded', '/%41%62%7e%2D%5f%2e1', '/Ab~-_.1'],
  ['other escapes get upper-case hex', '/a%3bb%3f', '/a%3Bb%3F'],
  ['valid UTF-8 escapes stay encoded, upper-cased', '/caf%c3%a9', '/caf%C3%A9'],
  ['raw non-ASCII is percent-encoded as UTF-8', '/café', '/caf%C3%A9'],
  ['raw space is percent-encoded', '/a b', '/a%20b'],
  ['double encoding is decoded once only', '/%252e%252e/x', '/%252e%252e/x'],
  [
    'semicolon parameters are literal path characters',
    '/cart;jsessionid=ABC/items',
    '/cart;jsessionid=ABC/items',
  ],
  ['sub-delims stay raw', "/a!$&'()*+,=:@b", "/a!$&'()*+,=:@b"],
  ['encoded slash is kept encoded (and flagged)', '/files/a%2fb', '/files/a%2Fb'],
  ['encoded backslash is kept encoded (and flagged)', '/files/a%5cb', '/files/a%5Cb'],
  [
    'a dot-dot hidden by an encoded slash is refused',
    '/a/..%2Fb',
    { status: 400, reason: /hidden by an encoded slash/ },
  ],
  ['dots inside a segment with an encoded slash are fine', '/a/x..%2Fb', '/a/x..%2Fb'],
  ['a dot segment with ; parameters is kept (routes decide)', '/a/..;x/b', '/a/..;x/b'],
  ['encoded NUL is rejected', '/a%00b', { status: 400, reason: /encoded NUL \(%00\) in path segment 1/ }],
  ['raw NUL is rejected', '/a\u0000b', { status: 400, reason: /NUL character in path segment 1/ }],
  ['control characters are rejected', '/a\nb', { status: 400, reason: /control character \(0x0a\)/ }],
  [
    'invalid percent-encoding is rejected',
    '/a/%zz',
    { status: 400, reason: /invalid percent-encoding "%zz" in path segment 2/ },
  ],
  [
    'truncated percent-encoding is rejected',
    '/a%2',
    { status: 400, reason: /invalid percent-encoding "%2"/ },
  ],
  [
    'invalid UTF-8 is rejected',
    '/%c3%28',
    { status: 400, reason: /%c3 in path segment 1 are not valid UTF-8/ },
  ],
  ['overlong UTF-8 is rejected', '/%c0%af', { status: 400, reason: /not valid UTF-8/ }],
  ['raw backslash is rejected', '/a\\b', { status: 400, reason: /backslash \(\\\) in path segment 1/ }],
  ['relative path is rejected', 'a/b', { status: 400, reason: /must start with "\/"/ }],
  ['path longer than 8 KiB gets 414', '/' + 'a'.repeat(8192), { status: 414, reason: /8 KiB/ }],
];

for (const [rule, raw, expected] of pathCases) {
  test(`normalizePath: ${rule}`, () => {
    const result = normalizePath(raw);
    if (typeof expected === 'string') {
      assert.ok(result.ok, JSON.stringify(result));
      if (result.ok) assert.is(result.path, expected);
    } else {
      assert.not.ok(result.ok, `expected a rejection for ${JSON.stringify(raw)}`);
      if (!result.ok) {
        assert.is(result.status, expected.status);
        assert.match(result.reason, expected.reason);
      }
    }
  });
}

test('normalizePath: fast path returns the very same string', () => {
  const raw = '/users/42';
  const result = normalizePath(raw);
  assert.ok(result.ok && result.path === raw && result.encodedSlash === undefined);
});

test('normalizePath: encoded slash reason names what and where', () => {
  const result = normalizePath('/v1/files/a%2Fb');
  assert.ok(result.ok);
  assert.is(
    result.ok && result.encodedSlash,
    'encoded slash (%2F) in path segment 3 — not allowed unless a route sets match.allowEncodedSlashes',
  );
});

function input(overrides: Partial<RequestInput>): RequestInput {
  return {
    method: 'GET',
    url: '/',
    headers: { host: 'localhost:8080' },
    remoteAddress: '127.0.0.1',
    scheme: 'http',
    ...overrides,
  };
}
const noProxies = { trustedProxies: [] };

test('normalize: method upper-cased, path/query split, host lower-case without port', () => {
  const result = normalize(
    input({ method: 'get', url: '/v1//products/../admin?full=1&x', headers: { host: 'API.Local:8080' } }),
    noProxies,
  );
  assert.ok(result.ok);
  if (!result.ok) return;
  assert.equal(
    { ...result.request, headers: undefined },
    {
      method: 'GET',
      path: '/v1/admin',
      rawPath: '/v1//products/../admin',
      query: 'full=1&x',
      hasQuery: true,
      host: 'api.local',
      headers: undefined,
      clientIp: '127.0.0.1',
      scheme: 'http',
      readBody: undefined,
    },
  );
  assert.is(result.encodedSlash, undefined);
});

test('normalize: absolute-form URL gives the host (it wins over the Host header)', () => {
  const result = normalize(
    input({ url: 'HTTP://Shop.Example.com:9000/a?b=1', headers: { host: 'other' } }),
    noProxies,
  );
  assert.ok(result.ok && result.request.host === 'shop.example.com' && result.request.path === '/a');
  assert.ok(result.ok && result.request.query === 'b=1');
  const bare = normalize(input({ url: 'http://x.test?y=2' }), noProxies);
  assert.ok(bare.ok && bare.request.path === '/' && bare.request.query === 'y=2');
});

test('normalize: IPv6 host keeps its brackets, loses its port', () => {
  const result = normalize(input({ headers: { host: '[::1]:8080' } }), noProxies);
  assert.ok(result.ok && result.request.host === '[::1]');
});

test('normalize: request targets that are not routed', () => {
  const cases: [url: string, reason: RegExp][] = [
    ['*', /asterisk-form/],
    ['v1/x', /must start with "\/"/],
    ['http://user:pw@host/x', /user information/],
    ['/a#frag', /fragment/],
    ['/a?x=\u0000', /control character \(0x00\) in query/],
  ];
  for (const [url, reason] of cases) {
    const result = normalize(input({ method: 'OPTIONS', url }), noProxies);
    assert.not.ok(result.ok, url);
    if (!result.ok) {
      assert.is(result.status, 400);
      assert.match(result.reason, reason);
    }
  }
});

test('normalize: bad Host headers and methods are 400', () => {
  for (const headers of [{ host: 'a b' }, { host: 'a/b' }, { host: ['a', 'b'] }, { host: 'x:port' }]) {
    const result = normalize(input({ headers }), noProxies);
    assert.ok(!result.ok && result.status === 400, JSON.stringify(headers));
  }
  assert.ok(!normalize(input({ method: 'G ET' }), noProxies).ok);
});

test('normalize: missing Host (HTTP/1.0) is the empty host', () => {
  const result = normalize(input({ headers: {} }), noProxies);
  assert.ok(result.ok && result.request.host === '');
});

test('normalize: encoded slash is passed on for the matcher to decide', () => {
  const result = normalize(input({ url: '/files/a%2fb' }), noProxies);
  assert.ok(result.ok);
  if (!result.ok) return;
  assert.is(result.request.path, '/files/a%2Fb');
  assert.is(result.request.rawPath, '/files/a%2fb');
  assert.equal(result.encodedSlash, {
    status: 400,
    reason:
      'encoded slash (%2F) in path segment 2 — not allowed unless a route sets match.allowEncodedSlashes',
  });
});

test('normalize: rejections carry status and reason', () => {
  const result = normalize(input({ url: '/v1/%2e%2e/%c3%28' }), noProxies);
  assert.equal(result, {
    ok: false,
    status: 400,
    reason: 'percent-encoded bytes %c3 in path segment 3 are not valid UTF-8',
  });
  const long = normalize(input({ url: '/' + 'x'.repeat(9000) }), noProxies);
  assert.ok(!long.ok && long.status === 414);
});

test.run();
