import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ResolvedRoute } from '../src/config/resolved.js';
import { compileRoute } from '../src/pipeline/match/index.js';
import { request, route } from './match-helpers.js';

function compiled(match: Parameters<typeof route>[1]) {
  const result = compileRoute(route('r', match));
  if (!result.ok) throw new Error(result.issues[0]?.message);
  return result.match;
}

// Pattern → request path → captured params, or null for no match.
const pathCases: [
  pattern: string | RegExp,
  path: string,
  params: Record<string, string> | null,
  extra?: Partial<ResolvedRoute['match']>,
][] = [
  ['/a/b', '/a/b', {}],
  ['/a/b', '/a/b/', null],
  ['/a/b/', '/a/b/', {}],
  ['/a/b', '/a/bc', null],
  ['/a/b', '/A/B', null],
  ['/a/b', '/A/B', {}, { caseInsensitive: true }],
  ['/', '/', {}],
  ['/users/:id', '/users/42', { id: '42' }],
  ['/users/:id', '/users', null],
  ['/users/:id', '/users/42/orders', null],
  ['/users/:id/orders/:orderId', '/users/7/orders/9', { id: '7', orderId: '9' }],
  ['/Users/:id', '/users/Ab', { id: 'Ab' }, { caseInsensitive: true }],
  ['/users/:id?', '/users', {}],
  ['/users/:id?', '/users/42', { id: '42' }],
  ['/users/:id?/x', '/users/x', {}],
  ['/users/:id?/x', '/users/1/x', { id: '1' }],
  ['/files/**', '/files', { '**': '' }],
  ['/files/**', '/files/', { '**': '' }],
  ['/files/**', '/files/a/b', { '**': 'a/b' }],
  ['/files/**', '/files/a/b/', { '**': 'a/b/' }],
  ['/files/**', '/filesx', null],
  ['/a/**/z', '/a/z', { '**': '' }],
  ['/a/**/z', '/a/b/c/z', { '**': 'b/c' }],
  ['/a/**/z', '/a/b/c', null],
  ['/**', '/anything/at/all', { '**': 'anything/at/all' }],
  ['/**', '/', { '**': '' }],
  ['/:id?', '/', {}],
  ['/a/**/:p?', '/a/b/', null],
  ['/a/**/:p?', '/a/b/c', { '**': 'b/c' }],
  ['/files/*.png', '/files/cat.png', {}],
  ['/files/*.png', '/files/a/cat.png', null],
  ['/files/*.png', '/files/.png', {}],
  ['/files/*', '/files/.env', {}],
  ['/files/*', '/files/', null],
  ['/img/{small,large}/:name', '/img/large/x', { name: 'x' }],
  ['/img/{small,large}/:name', '/img/medium/x', null],
  ['/v[0-9]/ping', '/v2/ping', {}],
  ['/v[0-9]/ping', '/vx/ping', null],
  ['/V[0-9]/PING', '/v2/ping', {}, { caseInsensitive: true }],
  ['/caf%c3%a9', '/café', {}],
  ['/a%2Db', '/a-b', {}],
  [/^\/v(?<version>\d+)\/(?<rest>.*)$/, '/v2/users', { version: '2', rest: 'users' }],
  [/^\/v\d+\//, '/V2/x', null],
  [/^\/v\d+\//, '/V2/x', {}, { caseInsensitive: true }],
  [/^\/g\//g, '/g/x', {}],
];

for (const [pattern, path, params, extra] of pathCases) {
  test(`path ${String(pattern)}${extra?.caseInsensitive ? ' (ci)' : ''} vs ${path}`, () => {
    const match = compiled({ path: pattern, ...extra });
    // Twice: stateful (g) regexes and the split cache must not change the answer.
    for (let i = 0; i < 2; i++) {
      const outcome = match.test(request('GET', path));
      if (params === null)
        assert.ok(!outcome.ok && outcome.failed.condition === 'path', JSON.stringify(outcome));
      else assert.equal(outcome.ok && outcome.params, params);
    }
  });
}

test('params, static prefix and summary', () => {
  const match = compiled({ path: '/v1/products/:id/**', methods: ['GET'], host: ['api.local'] });
  assert.equal(match.params, ['id', '**']);
  assert.equal(match.staticPrefix, ['v1', 'products']);
  assert.is(match.summary, 'GET /v1/products/:id/** host=api.local');
  assert.equal(compiled({ path: /^\/(?<a>x)(?<b>y)?$/ }).params, ['a', 'b']);
  assert.equal(compiled({ path: /^\/x/ }).staticPrefix, []);
  assert.equal(compiled({ path: '/*.txt/a' }).staticPrefix, []);
});

test('invalid patterns are config issues at match.path', () => {
  const bad = [
    '/a//b',
    '/a/../b',
    '/a/%2e%2e/b',
    '/users/:',
    '/users/:id-x',
    '/a/:id/:id',
    '/a/{b,c/d}',
    '/a/%zz',
  ];
  for (const path of bad) {
    const result = compileRoute(route('r', { path }, 0, 3));
    assert.not.ok(result.ok, path);
    if (!result.ok) assert.is(result.issues[0]?.path, 'routes[3].match.path');
  }
});

test('method: listed methods only; HEAD is accepted where GET is', () => {
  const match = compiled({ path: '/x', methods: ['GET', 'POST'] });
  assert.ok(match.test(request('get', '/x')).ok);
  assert.ok(match.test(request('HEAD', '/x')).ok);
  assert.equal(match.test(request('DELETE', '/x')), {
    ok: false,
    failed: { condition: 'method', expected: 'GET, POST', actual: 'DELETE' },
  });
  assert.not.ok(compiled({ path: '/x', methods: ['POST'] }).test(request('HEAD', '/x')).ok);
});

test('host: exact, wildcard (one or more labels), RegExp, list', () => {
  const host = (h: string) => request('GET', '/x', { host: h });
  const match = compiled({ path: '/x', host: ['api.local', '*.example.com', /^staging-\d+\.test$/] });
  for (const ok of ['api.local', 'API.local:8080', 'a.example.com', 'a.b.example.com', 'staging-3.test']) {
    assert.ok(match.test(host(ok)).ok, ok);
  }
  for (const no of ['example.com', 'xexample.com', 'api.local.evil', 'staging-x.test']) {
    assert.equal(match.test(host(no)), {
      ok: false,
      failed: {
        condition: 'host',
        expected: 'api.local | *.example.com | /^staging-\\d+\\.test$/',
        actual: no,
      },
    });
  }
});

test('headers: present, absent, exact, regex; any of several values', () => {
  const match = compiled({
    path: '/x',
    headers: {
      'x-tenant': { kind: 'exact', value: 'acme' },
      'x-version': { kind: 'regex', regex: /^2\./g },
      'x-debug': { kind: 'present' },
      'x-legacy': { kind: 'absent' },
    },
  });
  const good = { 'x-tenant': ['other', 'acme'], 'x-version': '2.1', 'x-debug': '' };
  assert.ok(match.test(request('GET', '/x', good)).ok);
  assert.ok(match.test(request('GET', '/x', good)).ok);
  const failed = (headers: Record<string, string | string[]>) => {
    const outcome = match.test(request('GET', '/x', headers));
    return outcome.ok ? undefined : outcome.failed;
  };
  assert.equal(failed({ ...good, 'x-tenant': 'other' }), {
    condition: 'header',
    name: 'x-tenant',
    expected: '"acme"',
    actual: 'other',
  });
  assert.equal(failed({ 'x-version': '2.1', 'x-debug': '1' }), {
    condition: 'header',
    name: 'x-tenant',
    expected: '"acme"',
    actual: '(missing)',
  });
  assert.equal(failed({ ...good, 'x-version': '3.0' }), {
    condition: 'header',
    name: 'x-version',
    expected: 'matching /^2\\./g',
    actual: '3.0',
  });
  assert.equal(failed({ 'x-tenant': 'acme', 'x-version': '2.0', 'x-debug': '1', 'x-legacy': 'y' }), {
    condition: 'header',
    name: 'x-legacy',
    expected: 'absent',
    actual: 'y',
  });
});

test('headers: credentials are never shown, long values are cut', () => {
  const match = compiled({
    path: '/x',
    headers: {
      authorization: { kind: 'exact', value: 'Bearer s3cret' },
      'x-note': { kind: 'exact', value: 'n' },
    },
  });
  const outcome = match.test(request('GET', '/x', { authorization: 'Bearer other-secret' }));
  assert.equal(outcome, {
    ok: false,
    failed: { condition: 'header', name: 'authorization', expected: '[redacted]', actual: '[redacted]' },
  });
  assert.not.ok(match.summary.includes('s3cret'));
  const long = match.test(
    request('GET', '/x', { authorization: 'Bearer s3cret', 'x-note': 'y'.repeat(500) }),
  );
  assert.ok(!long.ok && long.failed.actual.length === 60 && long.failed.actual.endsWith('…'));
  for (const name of ['cookie', 'x-api-key', 'proxy-authorization']) {
    const m = compiled({ path: '/x', headers: { [name]: { kind: 'exact', value: 'a' } } });
    const o = m.test(request('GET', '/x', { [name]: 'secret-value' }));
    assert.ok(!o.ok && o.failed.actual === '[redacted]', name);
  }
});

test('query: present, absent, exact, regex, decoded values, repeated keys', () => {
  const match = compiled({
    path: '/search',
    query: {
      q: { kind: 'regex', regex: /^hello world$/ },
      page: { kind: 'present' },
      debug: { kind: 'absent' },
      v: { kind: 'exact', value: '2' },
    },
  });
  assert.ok(match.test(request('GET', '/search?q=hello%20world&page&v=1&v=2')).ok);
  const outcome = match.test(request('GET', '/search?q=hello+world&page=1&v=2&debug=1'));
  assert.equal(outcome, {
    ok: false,
    failed: { condition: 'query', name: 'debug', expected: 'absent', actual: '1' },
  });
  const token = compiled({
    path: '/s',
    query: { access_token: { kind: 'present' }, x: { kind: 'exact', value: 'y' } },
  });
  assert.equal(token.test(request('GET', '/s?access_token=abc&x=z')), {
    ok: false,
    failed: { condition: 'query', name: 'x', expected: '"y"', actual: 'z' },
  });
  const secret = compiled({ path: '/s', query: { api_key: { kind: 'exact', value: 'k' } } });
  assert.equal(secret.test(request('GET', '/s?api_key=guess')), {
    ok: false,
    failed: { condition: 'query', name: 'api_key', expected: '[redacted]', actual: '[redacted]' },
  });
});

test('condition order: path, method, host, headers, query — the first failure is reported', () => {
  const match = compiled({
    path: '/x',
    methods: ['POST'],
    host: ['api.local'],
    headers: { 'x-a': { kind: 'present' } },
    query: { q: { kind: 'present' } },
  });
  const failedOn = (method: string, url: string, headers: Record<string, string> = {}) => {
    const outcome = match.test(request(method, url, headers));
    return outcome.ok ? 'ok' : outcome.failed.condition;
  };
  assert.is(failedOn('GET', '/y'), 'path');
  assert.is(failedOn('GET', '/x'), 'method');
  assert.is(failedOn('POST', '/x', { host: 'other' }), 'host');
  assert.is(failedOn('POST', '/x', { host: 'api.local' }), 'header');
  assert.is(failedOn('POST', '/x', { host: 'api.local', 'x-a': '1' }), 'query');
  assert.is(failedOn('POST', '/x?q', { host: 'api.local', 'x-a': '1' }), 'ok');
});

test('encoded slashes match only routes that allow them', () => {
  const strict = compiled({ path: '/files/:name' });
  const lenient = compiled({ path: '/files/:name', allowEncodedSlashes: true });
  const req = request('GET', '/files/a%2fb');
  assert.equal(lenient.test(req), { ok: true, params: { name: 'a%2Fb' } });
  const outcome = strict.test(req);
  assert.ok(!outcome.ok && outcome.failed.condition === 'path');
  assert.ok(!outcome.ok && outcome.failed.expected.includes('allowEncodedSlashes'));
});

test.run();
