/**
 * The attack suite's rig: a gateway on 127.0.0.1:0 in front of two echo fixtures (one behind
 * public routes, one behind protected routes), a record of every request each echo received,
 * and a raw HTTP/1.1 client that writes exact bytes and parses whatever comes back.
 * Not a test file itself (no `.test.ts`); the `attack-*.test.ts` files share it.
 */
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import type { Test } from 'uvu';
import * as assert from 'uvu/assert';
import { type EchoReply, startEcho } from '../fixtures/http.js';
import type { RunningFixture } from '../fixtures/listen.js';
import { DEMO_JWKS } from '../fixtures/paths.js';
import { DEMO_AUDIENCE, DEMO_ISSUER, DEMO_SUBJECT, mintToken } from '../fixtures/tokens.js';
import { createPasswordHash } from '../src/pipeline/auth/index.js';
import { startTestGateway, type TestGateway } from './proxy-harness.js';

/** The credentials the rig's providers accept (test-only values). */
export const API_KEY = 'attack-suite-api-key-0123456789abcdef';
export const BASIC_USER = 'admin';
export const BASIC_PASSWORD = 'attack-suite-password';
/** `Authorization` value for {@link BASIC_USER}. */
export const BASIC_AUTH = `Basic ${Buffer.from(`${BASIC_USER}:${BASIC_PASSWORD}`).toString('base64')}`;
/** The one origin the rig's CORS routes allow. */
export const BROWSER_ORIGIN = 'http://app.test';
/** The client address trusted as a proxy: deliberately NOT the test client (127.0.0.1). */
export const TRUSTED_PROXY = '10.9.9.9';

/** A request as it crossed the wire to an upstream (parsed from the bytes, not by the upstream). */
export interface WireRequest {
  readonly upstream: 'app' | 'api';
  readonly method: string;
  /** The request-target exactly as sent. */
  readonly target: string;
  /** Lower-case names; a repeated header's values joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
}

/** A TCP relay in front of a fixture that records every request it carries. */
export interface WireTap {
  readonly url: string;
  close(): Promise<void>;
}

export interface AttackRig {
  readonly gw: TestGateway;
  /** Behind `public`, `admin-docs`, `case-free` (auth: false) and `admin` (basic). */
  readonly appEcho: RunningFixture;
  /** Behind `orders` (jwt) and `reports` (api-key): every route to it is protected. */
  readonly apiEcho: RunningFixture;
  /** Every request that reached either upstream, in order. */
  readonly wire: WireRequest[];
  close(): Promise<void>;
}

/**
 * The rig's gateway config. `app` is one backend that serves both public and protected paths
 * (the realistic case: the gateway alone guards `/admin`); `api` is wholly protected.
 * - `/public/**`, `/admin-docs/**` (a public prefix that looks like `/admin`) → app, `auth: false`
 * - `/case-free/**` → app, `caseInsensitive: true`, `auth: false`
 * - `/Svc/CI/:id` → app, case-insensitive, prefix rewritten to `/ci`, `auth: false`
 * - `/files/**` → app, `allowEncodedSlashes`, `auth: false`; `/legacy/**` → app, `allowPathParameters`
 * - `/items/:id`: GET → app (public), PUT/DELETE → api (api-key); both with CORS for {@link BROWSER_ORIGIN}
 * - `/quiet` → app, POST only, `methodNotAllowed: false`; `/socket/**` → app, `websocket: true`
 * - `/auth-slow/**`, `/auth-gone/**` → app behind forward auth that never answers / is not there
 * - `/admin/**` → app, basic, `x-user` from the user name
 * - `/orders/**` → api, RS256 JWT, rewritten to `/api/orders/**`, `x-user` from `sub`
 * - `/reports/**` → api, api-key (header `x-api-key` or query `api_key`), `x-user` from the key's name
 */
export function attackConfig(
  upstreams: { app: string; api: string },
  hash: string,
  authServices: { slow: string; gone: string } = { slow: 'http://127.0.0.1:9/', gone: 'http://127.0.0.1:9/' },
) {
  return {
    server: {
      trustedProxies: [TRUSTED_PROXY],
      limits: {
        headerSize: '16kb',
        bodySize: '1kb',
        // Small, so a slow client gets its 408 quickly; normal requests arrive in well under this.
        headersTimeout: '500ms',
        requestTimeout: '1s',
      },
    },
    upstreams: { app: upstreams.app, api: upstreams.api },
    auth: {
      jwt: {
        type: 'jwt',
        algorithms: ['RS256'],
        jwks: DEMO_JWKS,
        issuer: DEMO_ISSUER,
        audience: DEMO_AUDIENCE,
        clockTolerance: '5s',
        maxTokenAge: '1h',
      },
      apiKey: {
        type: 'api-key',
        header: 'x-api-key',
        query: 'api_key',
        keys: [{ name: 'ci', key: API_KEY }],
      },
      basic: { type: 'basic', realm: 'attack', users: [{ name: BASIC_USER, hash }] },
      slowAuth: { type: 'forward', url: authServices.slow, timeout: '300ms' },
      goneAuth: { type: 'forward', url: authServices.gone },
    },
    routes: [
      { name: 'public', match: { path: '/public/**' }, upstream: 'app', auth: false },
      { name: 'admin-docs', match: { path: '/admin-docs/**' }, upstream: 'app', auth: false },
      {
        name: 'case-free',
        match: { path: '/case-free/**', caseInsensitive: true },
        upstream: 'app',
        auth: false,
      },
      {
        name: 'case-rewrite',
        match: { path: '/Svc/CI/:id', caseInsensitive: true },
        upstream: 'app',
        rewrite: { replacePrefix: { from: '/Svc/CI', to: '/ci' } },
        auth: false,
      },
      {
        name: 'files',
        match: { path: '/files/**', allowEncodedSlashes: true },
        upstream: 'app',
        auth: false,
      },
      {
        name: 'legacy',
        match: { path: '/legacy/**', allowPathParameters: true },
        upstream: 'app',
        auth: false,
      },
      {
        name: 'items-read',
        match: { path: '/items/:id', methods: ['GET'] },
        upstream: 'app',
        auth: false,
        cors: { origins: [BROWSER_ORIGIN], credentials: true },
      },
      {
        name: 'items-write',
        match: { path: '/items/:id', methods: ['PUT', 'DELETE'] },
        upstream: 'api',
        auth: { providers: 'apiKey', identityHeaders: { 'x-user': 'name' } },
        cors: { origins: [BROWSER_ORIGIN], credentials: true },
      },
      {
        name: 'quiet',
        match: { path: '/quiet', methods: ['POST'] },
        upstream: 'app',
        auth: false,
        methodNotAllowed: false,
      },
      { name: 'socket', match: { path: '/socket/**' }, upstream: 'app', auth: false, websocket: true },
      { name: 'auth-slow', match: { path: '/auth-slow/**' }, upstream: 'app', auth: 'slowAuth' },
      { name: 'auth-gone', match: { path: '/auth-gone/**' }, upstream: 'app', auth: 'goneAuth' },
      {
        name: 'admin',
        match: { path: '/admin/**' },
        upstream: 'app',
        auth: { providers: 'basic', identityHeaders: { 'x-user': 'name' } },
      },
      {
        name: 'orders',
        match: { path: '/orders/**' },
        upstream: 'api',
        rewrite: { replacePrefix: { from: '/orders', to: '/api/orders' } },
        auth: { providers: 'jwt', identityHeaders: { 'x-user': 'sub' } },
      },
      {
        name: 'reports',
        match: { path: '/reports/**' },
        upstream: 'api',
        auth: { providers: 'apiKey', identityHeaders: { 'x-user': 'name' } },
      },
    ],
  };
}

/** Starts both echoes, a wire tap in front of each, and the gateway. */
export async function startAttackRig(): Promise<AttackRig> {
  const appEcho = await startEcho({ instance: 'app-echo' });
  const apiEcho = await startEcho({ instance: 'api-echo' });
  const wire: WireRequest[] = [];
  const appTap = await startWireTap(appEcho.port, (request) => wire.push({ upstream: 'app', ...request }));
  const apiTap = await startWireTap(apiEcho.port, (request) => wire.push({ upstream: 'api', ...request }));
  // scrypt (not bcrypt) keeps each Basic check fast.
  const hash = await createPasswordHash(BASIC_PASSWORD, 'scrypt');
  const stall = await startStallServer();
  const gone = await startStallServer();
  await gone.close();
  const gw = await startTestGateway(
    attackConfig({ app: appTap.url, api: apiTap.url }, hash, { slow: stall.url, gone: gone.url }),
  );
  return {
    gw,
    appEcho,
    apiEcho,
    wire,
    async close() {
      await gw.close();
      await Promise.all([appTap.close(), apiTap.close(), stall.close()]);
      await Promise.all([appEcho.close(), apiEcho.close()]);
    },
  };
}

/** A server that accepts connections and never answers (a hung auth service). */
async function startStallServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/auth`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A relay to `port` that parses the bytes going upstream as HTTP/1.1 requests, the way a
 * lenient upstream would: a head, then a Content-Length or chunked body, then the next request.
 * Bytes the gateway sends without framing therefore show up as a request of their own.
 */
export async function startWireTap(
  port: number,
  onRequest: (request: Omit<WireRequest, 'upstream'>) => void,
): Promise<WireTap> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(port, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    const reader = new RequestReader(onRequest);
    client.on('data', (chunk: Buffer) => reader.push(chunk));
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port: tapPort } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${tapPort}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Incremental HTTP/1.1 request framing for one connection (heads reported as they complete). */
class RequestReader {
  #buffer = '';
  /** Bytes of body still to skip, or `chunked`. */
  #body: number | 'chunked' = 0;

  constructor(private readonly onRequest: (request: Omit<WireRequest, 'upstream'>) => void) {}

  push(chunk: Buffer): void {
    this.#buffer += chunk.toString('latin1');
    while (this.#step()) {}
  }

  /** Consumes one head, body part or chunk; `false` when more bytes are needed. */
  #step(): boolean {
    if (this.#body === 'chunked') return this.#chunk();
    if (this.#body > 0) {
      const take = Math.min(this.#body, this.#buffer.length);
      this.#buffer = this.#buffer.slice(take);
      this.#body -= take;
      return this.#buffer.length > 0;
    }
    const end = this.#buffer.indexOf('\r\n\r\n');
    if (end === -1) return false;
    const [line = '', ...fields] = this.#buffer.slice(0, end).split('\r\n');
    this.#buffer = this.#buffer.slice(end + 4);
    const [method = '', target = ''] = line.split(' ');
    const headers = parseFields(fields);
    this.onRequest({ method, target, headers });
    if (/chunked/i.test(headers['transfer-encoding'] ?? '')) this.#body = 'chunked';
    else this.#body = Number(headers['content-length'] ?? 0) || 0;
    return true;
  }

  #chunk(): boolean {
    const lineEnd = this.#buffer.indexOf('\r\n');
    if (lineEnd === -1) return false;
    const size = Number.parseInt(this.#buffer.slice(0, lineEnd), 16);
    if (!(size > 0)) {
      // Last chunk, then (no trailers from a proxy) the empty line.
      const end = this.#buffer.indexOf('\r\n\r\n');
      if (end === -1) return false;
      this.#buffer = this.#buffer.slice(end + 4);
      this.#body = 0;
      return true;
    }
    if (this.#buffer.length < lineEnd + 2 + size + 2) return false;
    this.#buffer = this.#buffer.slice(lineEnd + 2 + size + 2);
    return true;
  }
}

function parseFields(lines: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return headers;
}

/**
 * A request as raw bytes. Lines are joined with CRLF; `Host` comes first unless `host: false`,
 * and `Connection: close` last unless `close: false` (so the gateway ends the exchange).
 */
export function rawRequest(
  requestLine: string,
  headers: readonly string[] = [],
  options: { body?: string; host?: string | false; close?: boolean } = {},
): string {
  const lines = [requestLine];
  if (options.host !== false) lines.push(`Host: ${options.host ?? 'gateway.test'}`);
  lines.push(...headers);
  if (options.close !== false) lines.push('Connection: close');
  return `${lines.join('\r\n')}\r\n\r\n${options.body ?? ''}`;
}

/** One response parsed from the bytes the gateway wrote. */
export interface ParsedResponse {
  readonly status: number;
  /** Lower-case names; a repeated header's values joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Everything that came back on one connection. */
export interface RawExchange {
  /** Every byte received (latin1, so bytes survive). */
  readonly raw: string;
  /** The responses, in order (pipelined requests get several). */
  readonly responses: readonly ParsedResponse[];
  /**
   * `closed`: the gateway ended the connection (or sent the `untilResponses` asked for);
   * `idle`: it kept the connection open and said nothing for `idleMs`.
   */
  readonly ending: 'closed' | 'idle';
}

/** A pause between two writes (a slow client). */
export interface Pause {
  readonly pauseMs: number;
}

/**
 * Opens a TCP connection to the gateway, writes `parts` (strings as latin1 bytes, with optional
 * pauses between them), and reads until the gateway closes the connection or stays silent for
 * `idleMs` after the last write.
 */
export function exchange(
  port: number,
  parts: string | readonly (string | Buffer | Pause)[],
  options: { idleMs?: number; untilResponses?: number; halfClose?: boolean } = {},
): Promise<RawExchange> {
  const idleMs = options.idleMs ?? 3000;
  const wanted = options.untilResponses ?? Number.POSITIVE_INFINITY;
  const queue = typeof parts === 'string' ? [parts] : [...parts];
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let idle: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (ending: RawExchange['ending']) => {
      if (done) return;
      done = true;
      clearTimeout(idle);
      socket.destroy();
      const raw = Buffer.concat(chunks).toString('latin1');
      resolve({ raw, responses: parseResponses(raw), ending });
    };
    const armIdle = () => {
      clearTimeout(idle);
      if (queue.length === 0) idle = setTimeout(() => finish('idle'), idleMs);
    };
    const writeNext = () => {
      while (queue.length > 0 && !done && !socket.destroyed) {
        const part = queue.shift()!;
        if (typeof part === 'object' && 'pauseMs' in part) {
          setTimeout(writeNext, part.pauseMs);
          return;
        }
        socket.write(typeof part === 'string' ? Buffer.from(part, 'latin1') : part);
      }
      // `nc -N`: the request is complete, and the client shuts down its sending side.
      if (queue.length === 0 && options.halfClose) socket.end();
      armIdle();
    };
    const socket = connect(port, '127.0.0.1', writeNext);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // A keep-alive answer: stop once the expected responses are complete.
      if (parseResponses(Buffer.concat(chunks).toString('latin1')).length >= wanted) finish('closed');
      else armIdle();
    });
    // A reset after the gateway answered and closed is still a closed connection.
    socket.on('error', () => finish('closed'));
    socket.on('close', () => finish('closed'));
  });
}

/** Splits the received bytes into HTTP/1.1 responses (Content-Length, chunked, or until close). */
export function parseResponses(raw: string): ParsedResponse[] {
  const responses: ParsedResponse[] = [];
  let at = 0;
  while (at < raw.length) {
    const headEnd = raw.indexOf('\r\n\r\n', at);
    if (headEnd === -1) break;
    const [statusLine = '', ...lines] = raw.slice(at, headEnd).split('\r\n');
    const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
    if (!match) break;
    const status = Number(match[1]);
    const headers = parseFields(lines);
    let bodyStart = headEnd + 4;
    let body = '';
    if (status === 101) {
      // Switching protocols: what follows is no longer HTTP.
      responses.push({ status, headers, body: '' });
      break;
    }
    if (status < 200) {
      // `100 Continue` and friends: no body, the real answer follows.
      at = bodyStart;
      continue;
    }
    if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
      for (;;) {
        const lineEnd = raw.indexOf('\r\n', bodyStart);
        if (lineEnd === -1) break;
        const size = Number.parseInt(raw.slice(bodyStart, lineEnd), 16);
        bodyStart = lineEnd + 2;
        if (!(size > 0)) {
          bodyStart += 2;
          break;
        }
        body += raw.slice(bodyStart, bodyStart + size);
        bodyStart += size + 2;
      }
    } else if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      body = raw.slice(bodyStart, bodyStart + length);
      bodyStart += length;
    } else if (status !== 204 && status !== 304) {
      body = raw.slice(bodyStart);
      bodyStart = raw.length;
    }
    responses.push({ status, headers, body: Buffer.from(body, 'latin1').toString('utf8') });
    at = bodyStart;
  }
  return responses;
}

/** One attack: the bytes, what the gateway must answer, and where the request may go. */
export interface AttackCase {
  readonly name: string;
  /** Raw bytes, or parts with pauses between them (a slow client). */
  readonly send: string | readonly (string | Pause)[];
  /**
   * The status of each response, in order (several for pipelined requests); a set of
   * acceptable statuses with the reason any of them is right; or `close`: no response at all,
   * the gateway just closed the connection.
   */
  readonly expect:
    | number
    | readonly number[]
    | { readonly anyOf: readonly number[]; readonly why: string }
    | 'close';
  /** The upstream this request may reach (at most `hits` requests, default 1); none when absent. */
  readonly reaches?: 'app' | 'api';
  readonly hits?: number;
  /** Credentials in the request: no response body may contain them. */
  readonly secrets?: readonly string[];
  /** For keep-alive cases: stop reading after this many responses. */
  readonly untilResponses?: number;
  /** Shut down the sending side after the last write (a half-close, `nc -N`). */
  readonly halfClose?: boolean;
  /** More assertions on what came back and what reached the upstream. */
  readonly check?: (result: CaseResult) => void;
}

export interface CaseResult {
  readonly exchange: RawExchange;
  /** What reached the upstreams during this case. */
  readonly wire: readonly WireRequest[];
  /** The first response's body parsed as the echo's JSON reply, when it is one. */
  readonly echo: EchoReply | undefined;
}

/** Identities the gateway sets in `x-user` after verifying a credential. */
const VERIFIED_USERS: Record<WireRequest['upstream'], readonly string[]> = {
  app: [BASIC_USER],
  api: [DEMO_SUBJECT, 'ci'],
};

/**
 * Registers one uvu test per case, run in order against one rig, then two closing tests:
 * every request an upstream received was one the gateway decided to forward, and the gateway
 * still serves a normal request.
 */
export function runAttackSuite(test: Test, cases: readonly AttackCase[]): void {
  let rig: AttackRig;
  test.before(async () => {
    rig = await startAttackRig();
  });
  test.after(async () => {
    await rig.close();
  });
  for (const attack of cases) test(attack.name, () => runCase(rig, attack));
  test('the gateway keeps serving afterwards', async () => {
    const result = await exchange(rig.gw.port, rawRequest('GET /public/still-alive HTTP/1.1'));
    assert.equal(
      result.responses.map((r) => r.status),
      [200],
    );
    const token = await mintToken();
    const verified = await exchange(
      rig.gw.port,
      rawRequest('GET /orders/1 HTTP/1.1', [`Authorization: Bearer ${token}`]),
    );
    assert.equal(
      verified.responses.map((r) => r.status),
      [200],
    );
  });
}

async function runCase(rig: AttackRig, attack: AttackCase): Promise<void> {
  const wireBefore = rig.wire.length;
  const decidedBefore = rig.gw.finished.length;
  const result = await exchange(rig.gw.port, attack.send, {
    untilResponses: attack.untilResponses,
    halfClose: attack.halfClose,
  });
  // Let the gateway's `request-finished` events and the taps catch up with the socket.
  await new Promise((resolve) => setTimeout(resolve, 30));
  const wire = rig.wire.slice(wireBefore);
  const statuses = result.responses.map((r) => r.status);
  const shown = `got ${JSON.stringify(statuses)} (${result.ending}): ${result.raw.slice(0, 300)}`;

  const expect = attack.expect;
  if (expect === 'close') {
    assert.equal(statuses, [], `expected a clean close without a response, ${shown}`);
    assert.is(result.ending, 'closed', `expected the gateway to close the connection, ${shown}`);
  } else if (typeof expect === 'number') {
    assert.equal(statuses, [expect], `expected ${expect}, ${shown}`);
  } else if ('anyOf' in expect) {
    assert.is(statuses.length, 1, `expected one response, ${shown}`);
    assert.ok(
      expect.anyOf.includes(statuses[0]!),
      `expected one of ${expect.anyOf} (${expect.why}), ${shown}`,
    );
  } else {
    assert.equal(statuses, [...expect], `expected ${JSON.stringify(expect)}, ${shown}`);
  }

  // Nothing reaches an upstream unless the gateway decided to forward exactly that request.
  const forwarded = rig.gw.finished
    .slice(decidedBefore)
    .filter((e) => e.decision?.action === 'forward')
    .map((e) => ({ upstream: e.decision!.upstream, method: e.method, target: e.decision!.upstreamPath }));
  for (const request of wire) {
    const at = forwarded.findIndex(
      (f) => f.upstream === request.upstream && f.method === request.method && f.target === request.target,
    );
    assert.ok(
      at !== -1,
      `${request.upstream} received ${request.method} ${request.target}, which the gateway never decided to forward (smuggled?)`,
    );
    forwarded.splice(at, 1);
  }
  for (const upstream of ['app', 'api'] as const) {
    const count = wire.filter((r) => r.upstream === upstream).length;
    const allowed = attack.reaches === upstream ? (attack.hits ?? 1) : 0;
    assert.ok(count <= allowed, `${upstream} received ${count} requests, at most ${allowed} allowed`);
  }
  // A protected path only ever arrives with the identity the gateway verified.
  for (const request of wire) {
    if (request.upstream === 'app' && !/^\/admin(\/|$|\?)/.test(request.target)) continue;
    assert.ok(
      VERIFIED_USERS[request.upstream].includes(request.headers['x-user'] ?? ''),
      `${request.upstream} received ${request.target} without a verified identity (x-user: ${request.headers['x-user']})`,
    );
  }
  for (const secret of attack.secrets ?? []) {
    for (const response of result.responses) {
      assert.not.ok(response.body.includes(secret), `a response body repeats a credential: ${response.body}`);
    }
  }
  const first = result.responses[0];
  let echo: EchoReply | undefined;
  if (first?.status === 200 && first.headers['content-type']?.startsWith('application/json')) {
    echo = JSON.parse(first.body) as EchoReply;
  }
  attack.check?.({ exchange: result, wire, echo });
}
