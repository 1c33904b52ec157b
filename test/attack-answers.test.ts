/**
 * Attack suite, honest answers: every request the gateway refuses gets a status and a problem
 * document the client can read — never a silently closed connection, never a 404 for a path
 * that exists with another method — and a client that half-closes still gets its answer.
 * Rig, runner and invariants: test/attack-support.ts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  API_KEY,
  type AttackCase,
  BROWSER_ORIGIN,
  type CaseResult,
  rawRequest,
  runAttackSuite,
} from './attack-support.js';

/** The first response is a problem document of this type whose detail matches `detail`. */
const problemOf =
  (type: string, detail: RegExp) =>
  ({ exchange }: CaseResult): void => {
    const response = exchange.responses[0]!;
    assert.match(response.headers['content-type'] ?? '', /application\/problem\+json/);
    const body = JSON.parse(response.body) as { type: string; detail: string };
    assert.is(body.type, `urn:gateway:${type}`);
    assert.match(body.detail, detail);
  };

const allowIs =
  (allow: string) =>
  (result: CaseResult): void =>
    assert.is(result.exchange.responses[0]!.headers.allow, allow);

const upgrade = (target: string, protocol: string, extra: string[] = []) =>
  rawRequest(
    `GET ${target} HTTP/1.1`,
    [
      `Upgrade: ${protocol}`,
      'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version: 13',
      ...extra,
    ],
    { close: false },
  );

const preflight = (target: string, origin: string, method: string) =>
  rawRequest(`OPTIONS ${target} HTTP/1.1`, [
    `Origin: ${origin}`,
    `Access-Control-Request-Method: ${method}`,
    'Access-Control-Request-Headers: content-type',
  ]);

const cases: AttackCase[] = [
  // Methods the gateway never proxies.
  {
    name: 'CONNECT host:443 gets 405 with Allow and a problem, not a dropped connection',
    send: rawRequest('CONNECT internal.test:443 HTTP/1.1', [], { host: 'internal.test:443' }),
    expect: 405,
    check: (result) => {
      problemOf('method-not-allowed', /CONNECT is never proxied/)(result);
      assert.match(result.exchange.responses[0]!.headers.allow ?? '', /GET/);
    },
  },
  {
    name: 'TRACE (it would reflect cookies back) gets 405 with Allow',
    send: rawRequest('TRACE /public/x HTTP/1.1', ['Cookie: session=secret-cookie-value']),
    expect: 405,
    secrets: ['secret-cookie-value'],
    check: problemOf('method-not-allowed', /TRACE is never proxied/),
  },

  // The path exists, the method does not: 405 with the methods of the routes that serve it.
  {
    name: 'POST /items/1: the path is served by GET and PUT/DELETE routes → 405 with Allow',
    send: rawRequest('POST /items/1 HTTP/1.1', ['Content-Length: 0']),
    expect: 405,
    check: (result) => {
      allowIs('GET, HEAD, PUT, DELETE')(result);
      problemOf('method-not-allowed', /"items-read", "items-write" accept GET, HEAD, PUT, DELETE/)(result);
    },
  },
  {
    name: 'GET /items/1 still reaches its route',
    send: rawRequest('GET /items/1 HTTP/1.1'),
    expect: 200,
    reaches: 'app',
  },
  {
    name: 'a route with methodNotAllowed: false is left out: GET /quiet is 404',
    send: rawRequest('GET /quiet HTTP/1.1'),
    expect: 404,
  },
  {
    name: 'a path no route serves is still 404, not 405',
    send: rawRequest('POST /nowhere HTTP/1.1', ['Content-Length: 0']),
    expect: 404,
  },

  // Upgrades are opt-in.
  {
    name: 'a WebSocket upgrade on a route without websocket: true gets a 400 problem',
    send: upgrade('/public/ws', 'websocket'),
    expect: 400,
    check: problemOf('upgrade-not-allowed', /does not accept WebSocket upgrades/),
  },
  {
    name: 'an h2c upgrade (HTTP/2 smuggling) is never proxied, even on a WebSocket route',
    send: upgrade('/socket/x', 'h2c', ['HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA']),
    expect: 400,
    check: problemOf('upgrade-not-allowed', /"h2c" is never proxied/),
  },
  {
    name: 'a WebSocket upgrade on a route with websocket: true switches protocols',
    send: upgrade('/socket/chat', 'websocket'),
    expect: 101,
    untilResponses: 1,
    reaches: 'app',
  },

  // Forward auth that cannot answer: named, with the right status.
  {
    name: 'forward auth that never answers: 504 naming the provider',
    send: rawRequest('GET /auth-slow/x HTTP/1.1'),
    expect: 504,
    check: (result) => {
      problemOf('auth-timeout', /auth service "slowAuth" .* did not answer within 300ms/)(result);
      assert.is(JSON.parse(result.exchange.responses[0]!.body).provider, 'slowAuth');
    },
  },
  {
    name: 'forward auth that is not there: 503 naming the provider',
    send: rawRequest('GET /auth-gone/x HTTP/1.1'),
    expect: 503,
    check: problemOf('auth-unavailable', /auth service "goneAuth" .* could not be reached/),
  },

  // A half-close after a complete request is not an abort.
  {
    name: 'half-close after a complete GET (nc -N): the answer still comes',
    send: rawRequest('GET /public/half HTTP/1.1', [], { close: false }),
    halfClose: true,
    expect: 200,
    reaches: 'app',
  },
  {
    name: 'half-close after a complete POST with a body: the answer still comes',
    send: rawRequest('POST /public/half HTTP/1.1', ['Content-Length: 5'], { close: false, body: 'hello' }),
    halfClose: true,
    expect: 200,
    reaches: 'app',
  },
  {
    // The head was streamed upstream before the body ended; the client still learns why.
    name: 'half-close in the middle of a body: 400, the request is incomplete',
    send: rawRequest('POST /public/cut HTTP/1.1', ['Content-Length: 50'], { close: false, body: 'short' }),
    halfClose: true,
    expect: { anyOf: [400], why: 'the request ended before its body did' },
    reaches: 'app',
  },

  // CORS preflights are matched by the method they ask about.
  {
    name: 'preflight for PUT /items/1 from the allowed origin: 204 from the gateway',
    send: preflight('/items/1', BROWSER_ORIGIN, 'PUT'),
    expect: 204,
    check: ({ exchange }) => {
      const headers = exchange.responses[0]!.headers;
      assert.is(headers['access-control-allow-origin'], BROWSER_ORIGIN);
      assert.is(headers['access-control-allow-credentials'], 'true');
      assert.match(headers['access-control-allow-methods'] ?? '', /PUT/);
    },
  },
  {
    name: 'preflight for GET /items/1 (a GET-only route) is answered too',
    send: preflight('/items/1', BROWSER_ORIGIN, 'GET'),
    expect: 204,
  },
  {
    name: 'preflight from an origin that is not allowed: 403 problem, no CORS headers',
    send: preflight('/items/1', 'http://evil.test', 'PUT'),
    expect: 403,
    check: (result) => {
      problemOf('forbidden', /origin http:\/\/evil\.test is not allowed/)(result);
      assert.is(result.exchange.responses[0]!.headers['access-control-allow-origin'], undefined);
    },
  },
  {
    name: 'the actual PUT after the preflight still needs its api key',
    send: rawRequest('PUT /items/1 HTTP/1.1', [`Origin: ${BROWSER_ORIGIN}`, 'Content-Length: 0']),
    expect: 401,
  },
  {
    name: 'the actual PUT with its api key reaches the write route with CORS headers',
    send: rawRequest('PUT /items/1 HTTP/1.1', [
      `Origin: ${BROWSER_ORIGIN}`,
      `X-Api-Key: ${API_KEY}`,
      'Content-Length: 0',
    ]),
    expect: 200,
    reaches: 'api',
    secrets: [API_KEY],
    check: ({ exchange }) =>
      assert.is(exchange.responses[0]!.headers['access-control-allow-origin'], BROWSER_ORIGIN),
  },
];

runAttackSuite(test, cases);
test.run();
