/**
 * Attack suite, framing and limits: request smuggling (ambiguous Content-Length /
 * Transfer-Encoding, obs-fold, bare LF, bad chunks, bodies the upstream could read as a second
 * request), pipelining, oversized heads and bodies, and slow clients.
 * Every case gets a status line: node's parser refuses bad framing and the gateway answers it
 * with a 400 problem document before closing (see `onClientError` in src/proxy/server.ts).
 * Rig, runner and invariants: test/attack-support.ts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type AttackCase, rawRequest, runAttackSuite } from './attack-support.js';

const post = (target: string, headers: string[], body: string) =>
  rawRequest(`POST ${target} HTTP/1.1`, headers, { body });
const chunked = (data: string) => `${Buffer.byteLength(data, 'latin1').toString(16)}\r\n${data}\r\n0\r\n\r\n`;

/** A complete request hidden in a body: if the upstream ever reads it as a request, it was smuggled. */
const SMUGGLED = 'GET /admin/users HTTP/1.1\r\nHost: gateway.test\r\nX-User: admin\r\n\r\n';

/** Smuggling through a body the upstream connection could lose the framing of. */
const hiddenInBody = (method: string): AttackCase => ({
  name: `${method} with a chunked body holding a whole request: the upstream never reads it as a request`,
  send: rawRequest(`${method} /public/x HTTP/1.1`, ['Transfer-Encoding: chunked'], {
    body: chunked(SMUGGLED),
  }),
  expect: { anyOf: [200, 400], why: 'forwarded with its body framed, or refused; never split in two' },
  reaches: 'app',
});

const cases: AttackCase[] = [
  // Ambiguous framing: refused by node's parser (insecureHTTPParser is off).
  {
    name: 'CL.TE: Content-Length and Transfer-Encoding both (400)',
    send: post('/public/x', ['Content-Length: 6', 'Transfer-Encoding: chunked'], '0\r\n\r\nG'),
    expect: 400,
  },
  {
    name: 'TE.CL: Transfer-Encoding then Content-Length (400)',
    send: post('/public/x', ['Transfer-Encoding: chunked', 'Content-Length: 6'], '0\r\n\r\nG'),
    expect: 400,
  },
  {
    name: 'two different Content-Length headers (400)',
    send: post('/public/x', ['Content-Length: 4', 'Content-Length: 5'], 'abcde'),
    expect: 400,
  },
  {
    name: 'two equal Content-Length headers (400)',
    send: post('/public/x', ['Content-Length: 5', 'Content-Length: 5'], 'hello'),
    expect: 400,
  },
  {
    name: 'Content-Length: 5, 5 (400)',
    send: post('/public/x', ['Content-Length: 5, 5'], 'hello'),
    expect: 400,
  },
  { name: 'Content-Length: +5 (400)', send: post('/public/x', ['Content-Length: +5'], 'hello'), expect: 400 },
  { name: 'Content-Length: -1 (400)', send: post('/public/x', ['Content-Length: -1'], ''), expect: 400 },
  {
    name: 'Transfer-Encoding: chunked, identity (400)',
    send: post('/public/x', ['Transfer-Encoding: chunked, identity'], '0\r\n\r\n'),
    expect: 400,
  },
  {
    name: 'Transfer-Encoding: identity (400)',
    send: post('/public/x', ['Transfer-Encoding: identity'], ''),
    expect: 400,
  },
  {
    name: 'Transfer-Encoding: xchunked (400)',
    send: post('/public/x', ['Transfer-Encoding: xchunked'], '0\r\n\r\n'),
    expect: 400,
  },
  {
    name: 'Transfer-Encoding twice (400)',
    send: post('/public/x', ['Transfer-Encoding: chunked', 'Transfer-Encoding: chunked'], '0\r\n\r\n'),
    expect: 400,
  },
  {
    name: '"Transfer-Encoding : chunked", space before the colon (400)',
    send: post('/public/x', ['Transfer-Encoding : chunked'], '0\r\n\r\n'),
    expect: 400,
  },

  // Line syntax.
  {
    name: 'obs-fold: a header continued on the next line (400)',
    send: rawRequest('GET /public/x HTTP/1.1', ['X-A: a', ' folded']),
    expect: 400,
  },
  {
    name: 'obs-fold on Transfer-Encoding (400)',
    send: post('/public/x', ['Transfer-Encoding:', ' chunked'], '0\r\n\r\n'),
    expect: 400,
  },
  {
    name: 'bare LF line endings (400)',
    send: 'GET /public/x HTTP/1.1\nHost: gateway.test\nConnection: close\n\n',
    expect: 400,
  },
  {
    name: 'bare CR inside a header value (400)',
    send: 'GET /public/x HTTP/1.1\r\nHost: gateway.test\r\nX-A: a\rb\r\nConnection: close\r\n\r\n',
    expect: 400,
  },
  { name: 'invalid method token "G@T" (400)', send: rawRequest('G@T /public/x HTTP/1.1'), expect: 400 },
  { name: 'unknown HTTP version HTTP/1.2 (400)', send: rawRequest('GET /public/x HTTP/1.2'), expect: 400 },
  {
    name: 'TLS ClientHello bytes on the plain port (400)',
    send: '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03',
    expect: 400,
  },
  { name: 'HTTP/2 prior-knowledge preface (400)', send: 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', expect: 400 },

  // Chunks.
  {
    name: 'invalid chunk size "zz" (400)',
    send: post('/public/x', ['Transfer-Encoding: chunked'], 'zz\r\nabc\r\n0\r\n\r\n'),
    expect: 400,
  },
  {
    name: 'chunk size overflow (400)',
    send: post('/public/x', ['Transfer-Encoding: chunked'], 'ffffffffffffffff1\r\nabc\r\n0\r\n\r\n'),
    expect: 400,
  },
  {
    name: 'chunk size line ended by a bare LF (400)',
    send: post('/public/x', ['Transfer-Encoding: chunked'], '3\nabc\n0\n\n'),
    expect: 400,
  },
  {
    name: 'a chunk extension is allowed and the body arrives whole',
    send: post('/public/x', ['Transfer-Encoding: chunked'], '5;ext=1\r\nhello\r\n0\r\n\r\n'),
    expect: 200,
    reaches: 'app',
    check: ({ echo }) => assert.is(echo?.body.bytes, 5),
  },

  // Bodies that could become a second request upstream.
  hiddenInBody('GET'),
  hiddenInBody('DELETE'),
  hiddenInBody('OPTIONS'),
  {
    name: 'POST with a chunked body holding a whole request: forwarded as one request, body intact',
    send: post('/public/x', ['Transfer-Encoding: chunked'], chunked(SMUGGLED)),
    expect: 200,
    reaches: 'app',
    check: ({ echo }) => assert.is(echo?.body.bytes, SMUGGLED.length),
  },

  // Pipelining: each request is parsed on its own and goes through auth on its own.
  {
    name: 'GET with a Content-Length body, then a pipelined GET /admin: [200, 401]',
    send:
      'GET /public/x HTTP/1.1\r\nHost: gateway.test\r\nContent-Length: 5\r\n\r\nhello' +
      rawRequest('GET /admin/users HTTP/1.1'),
    expect: [200, 401],
    reaches: 'app',
  },
  {
    name: 'three pipelined requests: public, admin without credentials, public: [200, 401, 200]',
    send:
      'GET /public/1 HTTP/1.1\r\nHost: gateway.test\r\n\r\n' +
      'GET /admin/users HTTP/1.1\r\nHost: gateway.test\r\nX-User: admin\r\n\r\n' +
      rawRequest('GET /public/2 HTTP/1.1'),
    expect: [200, 401, 200],
    reaches: 'app',
    hits: 2,
  },
  {
    name: 'Expect: 100-continue on a protected route without credentials: 401, body never forwarded',
    send: post('/admin/users', ['Expect: 100-continue', 'Content-Length: 5'], 'hello'),
    expect: 401,
  },

  // Limits: server.limits.headerSize 16kb, bodySize 1kb, headersTimeout 500ms, requestTimeout 1s.
  {
    name: 'a 20 KB header (431)',
    send: rawRequest('GET /public/x HTTP/1.1', [`X-Big: ${'a'.repeat(20_000)}`]),
    expect: 431,
  },
  {
    name: '3000 small headers (431)',
    send: rawRequest(
      'GET /public/x HTTP/1.1',
      Array.from({ length: 3000 }, (_, i) => `X-${i}: 1`),
    ),
    expect: 431,
  },
  {
    name: 'a body over bodySize by Content-Length (413)',
    send: post('/public/x', ['Content-Length: 2000'], 'a'.repeat(2000)),
    expect: 413,
  },
  {
    name: 'a chunked body over bodySize (413)',
    send: post('/public/x', ['Transfer-Encoding: chunked'], chunked('a'.repeat(2000))),
    expect: 413,
    // The gateway may have started streaming it before counting past the limit.
    reaches: 'app',
  },
  {
    name: 'a body over bodySize on a protected route without credentials',
    send: post('/admin/users', ['Content-Length: 2000'], 'a'.repeat(2000)),
    expect: { anyOf: [401, 413], why: 'either refusal is right; the body is never forwarded' },
  },
  {
    name: 'slow client: the head trickles in past headersTimeout (408)',
    send: [
      'GET /public/x HTTP/1.1\r\nHost: gateway.test\r\n',
      { pauseMs: 1500 },
      'X-Late: 1\r\nConnection: close\r\n\r\n',
    ],
    expect: 408,
  },
  {
    name: 'slow client: the body stalls past requestTimeout (408)',
    send: [post('/public/x', ['Content-Length: 10'], 'hello'), { pauseMs: 2500 }, 'world'],
    expect: 408,
    // The head was complete, so the gateway may already be streaming the body upstream.
    reaches: 'app',
  },
];

runAttackSuite(test, cases);
test.run();
