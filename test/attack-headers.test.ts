/**
 * Attack suite, header spoofing: forged `X-Forwarded-*` and identity headers, URL and method
 * overrides, hop-by-hop tricks (`Connection: Authorization`), duplicated Host and credentials.
 * The echo's reply shows what the upstream really received.
 * Rig, runner and invariants: test/attack-support.ts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mintToken } from '../fixtures/tokens.js';
import {
  API_KEY,
  type AttackCase,
  BASIC_AUTH,
  BASIC_PASSWORD,
  type CaseResult,
  rawRequest,
  runAttackSuite,
  TRUSTED_PROXY,
} from './attack-support.js';

const token = await mintToken();

const get = (target: string, headers: string[], options?: { close?: boolean; host?: string | false }) =>
  rawRequest(`GET ${target} HTTP/1.1`, headers, options);

/** The upstream received none of `names`, and these exact values for the others. */
const upstreamHeaders =
  (absent: readonly string[], present: Readonly<Record<string, string>> = {}) =>
  ({ echo }: CaseResult): void => {
    assert.ok(echo, 'expected the echo reply');
    for (const name of absent)
      assert.is(echo!.headers[name], undefined, `${name} must not reach the upstream`);
    for (const [name, value] of Object.entries(present)) assert.is(echo!.headers[name], value, name);
  };

/** What an untrusted client's forwarding headers are replaced with. */
const REPLACED = {
  'x-forwarded-for': '127.0.0.1',
  'x-forwarded-proto': 'http',
  'x-forwarded-host': 'gateway.test',
};
const SPOOFED_FORWARDING = [
  `X-Forwarded-For: ${TRUSTED_PROXY}, 6.6.6.6`,
  'X-Forwarded-Host: admin.internal',
  'X-Forwarded-Proto: https',
  'X-Forwarded-Port: 443',
  'Forwarded: for=6.6.6.6;proto=https;host=admin.internal',
  'X-Real-IP: 6.6.6.6',
];

const cases: AttackCase[] = [
  // X-Forwarded-* from a client that is not a trusted proxy are replaced, never appended to.
  {
    name: 'X-Forwarded-For/Host/Proto, Forwarded, X-Real-IP from an untrusted client are replaced',
    send: get('/public/x', SPOOFED_FORWARDING),
    expect: 200,
    reaches: 'app',
    check: upstreamHeaders(['forwarded', 'x-real-ip', 'x-forwarded-port'], REPLACED),
  },
  {
    name: 'X-Forwarded-For spoofed on a protected route: refused first, replaced when allowed',
    send: get('/reports/x', [...SPOOFED_FORWARDING, `x-api-key: ${API_KEY}`]),
    expect: 200,
    reaches: 'api',
    secrets: [API_KEY],
    check: upstreamHeaders(['forwarded', 'x-real-ip', 'x-api-key'], { ...REPLACED, 'x-user': 'ci' }),
  },
  {
    name: '"Connection: x-forwarded-for" cannot keep the spoofed value: the gateway sets it after',
    send: get('/public/x', ['X-Forwarded-For: 6.6.6.6', 'Connection: close, x-forwarded-for'], {
      close: false,
    }),
    expect: 200,
    reaches: 'app',
    check: upstreamHeaders([], REPLACED),
  },

  // Identity headers: client copies are removed on public AND protected routes.
  {
    name: 'x-user: admin on a public route is removed',
    send: get('/public/x', ['x-user: admin', 'X-User: root']),
    expect: 200,
    reaches: 'app',
    check: upstreamHeaders(['x-user']),
  },
  {
    name: 'x-user: admin on a public route is removed even when Connection names it',
    send: get('/public/x', ['x-user: admin', 'Connection: close, x-user'], { close: false }),
    expect: 200,
    reaches: 'app',
    check: upstreamHeaders(['x-user']),
  },
  {
    name: 'x-user: admin without credentials on a protected route (401)',
    send: get('/admin/users', ['x-user: admin']),
    expect: 401,
  },
  {
    name: 'x-user: admin with a valid api key is replaced by the verified identity',
    send: get('/reports/x', ['x-user: admin', `x-api-key: ${API_KEY}`]),
    expect: 200,
    reaches: 'api',
    secrets: [API_KEY],
    check: upstreamHeaders(['x-api-key'], { 'x-user': 'ci' }),
  },
  {
    name: 'x-user: admin with a valid JWT is replaced by its sub',
    send: get('/orders/1', ['X-User: admin', `Authorization: Bearer ${token}`]),
    expect: 200,
    reaches: 'api',
    secrets: [token],
    check: upstreamHeaders(['authorization'], { 'x-user': 'demo-user' }),
  },

  // URL and method overrides are neither honoured nor passed on.
  {
    name: 'X-Original-URL / X-Rewrite-URL: /admin on a public path stay on the public path',
    send: get('/public/x', ['X-Original-URL: /admin/users', 'X-Rewrite-URL: /admin/users']),
    expect: 200,
    reaches: 'app',
    check: (result) => {
      upstreamHeaders(['x-original-url', 'x-rewrite-url'])(result);
      assert.is(result.echo?.path, '/public/x');
    },
  },
  {
    name: 'X-Original-URL: /admin on a protected path without credentials (401)',
    send: get('/admin/users', ['X-Original-URL: /public/x']),
    expect: 401,
  },
  {
    name: 'X-HTTP-Method-Override / X-HTTP-Method / X-Method-Override: DELETE are not honoured',
    send: rawRequest('POST /public/x HTTP/1.1', [
      'X-HTTP-Method-Override: DELETE',
      'X-HTTP-Method: DELETE',
      'X-Method-Override: DELETE',
      'Content-Length: 0',
    ]),
    expect: 200,
    reaches: 'app',
    check: (result) => {
      upstreamHeaders(['x-http-method-override', 'x-http-method', 'x-method-override'])(result);
      assert.is(result.echo?.method, 'POST');
    },
  },

  // Hop-by-hop: removed before forwarding, but only AFTER auth has read what it needs.
  {
    name: '"Connection: Authorization" with a valid token: auth reads it, the upstream never sees it',
    send: get('/orders/1', [`Authorization: Bearer ${token}`, 'Connection: Authorization'], { close: false }),
    untilResponses: 1,
    expect: 200,
    reaches: 'api',
    secrets: [token],
    check: upstreamHeaders(['authorization'], { 'x-user': 'demo-user' }),
  },
  {
    name: '"Connection: Authorization" without a token (401)',
    send: get('/orders/1', ['Connection: close, Authorization'], { close: false }),
    expect: 401,
  },
  {
    name: '"Connection: Authorization" with a forged token (401)',
    send: get('/orders/1', ['Authorization: Bearer x.y.z', 'Connection: close, Authorization'], {
      close: false,
    }),
    expect: 401,
  },
  {
    name: '"Connection: x-api-key" with a valid key: auth reads it, the upstream never sees it',
    send: get('/reports/x', [`x-api-key: ${API_KEY}`, 'Connection: close, x-api-key'], { close: false }),
    expect: 200,
    reaches: 'api',
    secrets: [API_KEY],
    check: upstreamHeaders(['x-api-key'], { 'x-user': 'ci' }),
  },
  {
    name: '"Connection: x-api-key" with a wrong key (401)',
    send: get('/reports/x', ['x-api-key: wrong-key-0123456789', 'Connection: close, x-api-key'], {
      close: false,
    }),
    expect: 401,
  },
  {
    name: 'hop-by-hop headers and headers named in Connection are removed; others are kept',
    send: get(
      '/public/x',
      [
        'Connection: close, X-Custom-Hop, keep-alive',
        'X-Custom-Hop: 1',
        'Keep-Alive: timeout=99',
        'TE: trailers',
        'Trailer: X-Late',
        'Proxy-Authorization: Basic cHJveHk6cHJveHk=',
        'Proxy-Connection: keep-alive',
        'X-Kept: yes',
      ],
      { close: false },
    ),
    expect: 200,
    reaches: 'app',
    check: upstreamHeaders(
      ['x-custom-hop', 'keep-alive', 'te', 'trailer', 'proxy-authorization', 'proxy-connection'],
      { 'x-kept': 'yes' },
    ),
  },

  // Credentials: never duplicated, never echoed, stripped from the query too.
  {
    name: 'the api key in the query is accepted and removed before forwarding',
    send: get(`/reports/x?api_key=${API_KEY}&page=2`, []),
    expect: 200,
    reaches: 'api',
    secrets: [API_KEY],
    check: ({ echo }) => assert.equal({ ...echo?.query }, { page: '2' }),
  },
  {
    name: 'two x-api-key headers, valid and junk (refused, not guessed)',
    send: get('/reports/x', [`x-api-key: ${API_KEY}`, 'x-api-key: junk-key-0123456789']),
    expect: { anyOf: [400, 401], why: 'two credentials are ambiguous: refuse the request' },
    secrets: [API_KEY],
  },
  {
    name: 'two api_key query parameters, valid and junk (refused, not guessed)',
    send: get(`/reports/x?api_key=${API_KEY}&api_key=junk`, []),
    expect: { anyOf: [400, 401], why: 'two credentials are ambiguous: refuse the request' },
    secrets: [API_KEY],
  },
  {
    name: 'a wrong Basic password (401, the password is not repeated)',
    send: get('/admin/users', [
      `Authorization: Basic ${Buffer.from(`admin:${BASIC_PASSWORD}x`).toString('base64')}`,
    ]),
    expect: 401,
    secrets: [`${BASIC_PASSWORD}x`, Buffer.from(`admin:${BASIC_PASSWORD}x`).toString('base64')],
  },
  {
    name: 'valid Basic credentials for the wrong route (the api key route) are refused',
    send: get('/reports/x', [`Authorization: ${BASIC_AUTH}`]),
    expect: 401,
    secrets: [BASIC_AUTH.slice(6)],
  },

  // Host: exactly one, well formed (RFC 9112 §3.2).
  {
    name: 'two Host headers (400)',
    send: get('/public/x', ['Host: admin.internal']),
    expect: 400,
  },
  {
    name: 'two Host headers on a protected path, even with valid credentials (400)',
    send: get('/admin/users', ['Host: admin.internal', `Authorization: ${BASIC_AUTH}`]),
    expect: 400,
  },
  {
    name: 'two Hosts joined in one field, "Host: gateway.test, admin.internal" (400)',
    send: get('/public/x', [], { host: 'gateway.test, admin.internal' }),
    expect: 400,
    check: ({ exchange }) => assert.match(exchange.responses[0]!.body, /more than one Host header/),
  },
  { name: 'a Host with a space (400)', send: get('/public/x', [], { host: 'evil host' }), expect: 400 },
  { name: 'no Host on HTTP/1.1 (400)', send: get('/public/x', [], { host: false }), expect: 400 },
];

runAttackSuite(test, cases);
test.run();
