/**
 * The gateway's HTTP(S) server. For each request: capture the current generation, build the
 * `RequestInput`, ask `decide`, and execute the Decision — answer a rejection or a `respond`,
 * forward to an HTTP target, or call a gRPC/SOAP target. Nothing here matches, rewrites or
 * authorizes: that is the pipeline's job, and `explain` shows the same Decision.
 */
import { readFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  STATUS_CODES,
  type Server,
  ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { GatewayEventBus, GatewayEvents } from '../events.js';
import { GatewayMetrics } from '../metrics/index.js';
import { decide } from '../pipeline/decide.js';
import { PROBLEM_CONTENT_TYPE, problem } from '../pipeline/problem.js';
import { createRouteRuntime, type RouteRuntime } from '../pipeline/route-state.js';
import type { RouteTable } from '../pipeline/table.js';
import type { Problem, RequestInput } from '../pipeline/types.js';
import { sendError, sendProblem, sendRejection, sendResponse } from './answer.js';
import { BodyTooLargeError, declaredLength, hasBody, readBody } from './body.js';
import { carryOutTiming, needsTiming } from './timing.js';
import { beginCapture, capturedExchange, GatewayResponse } from './capture.js';
import { Exchange, GatewayRequest, resultOf } from './exchange.js';
import { HttpForwarder } from './forward.js';
import { type Clock, createGeneration, type Generation } from './generation.js';
import { UpstreamAgents } from './targets.js';
import { callTransform } from './transform.js';
import { writeProblem } from './socket-answer.js';
import { handleUpgrade } from './websocket.js';

export interface GatewayServerOptions {
  readonly table: RouteTable;
  readonly events: GatewayEventBus;
  /** Pinned time and randomness for tests. @default Date.now, Math.random, fetch */
  readonly clock?: Partial<Clock>;
  /** Record headers and bodies of every exchange into `request-finished` (`--har`, the UI's HAR save). */
  readonly capture?: CaptureOptions;
}

/** What exchange capture keeps. */
export interface CaptureOptions {
  /** Bodies larger than this are recorded by size only. */
  readonly maxBodyBytes: number;
}

/** A running (or ready to run) gateway server. */
export interface GatewayServer {
  readonly server: Server;
  /** The generation new requests run on. */
  readonly current: Generation;
  /** Rate-limit buckets and chaos mode: kept for the server's whole run, across reloads. */
  readonly routeState: RouteRuntime;
  /** Makes `table` serve every request that starts from now on. */
  swap(table: RouteTable): Generation;
  /** Listens; resolves with `http://HOST:PORT`. */
  listen(port: number, host: string): Promise<string>;
  /** Stops accepting, lets in-flight requests finish for up to `graceMs`, then closes everything. */
  close(graceMs: number): Promise<void>;
  /** Requests not yet answered (and open WebSockets). */
  readonly inFlight: number;
}

/** Creates the server for `table` (its `server` settings: TLS, header limits, timeouts). */
export function createGatewayServer(options: GatewayServerOptions): GatewayServer {
  const { events } = options;
  const clock: Clock = {
    now: options.clock?.now ?? Date.now,
    random: options.clock?.random ?? Math.random,
    fetch: options.clock?.fetch ?? globalThis.fetch,
  };
  const agents = new UpstreamAgents();
  const forwarder = new HttpForwarder(agents, (event) => events.emit('mirror-finished', event));
  const settings = options.table.config.server;
  const scheme = settings.tls ? 'https' : 'http';
  const routeState = createRouteRuntime({ consume: true });
  // Counts from the first request on, so a scrape after `server.metrics` is switched on by a
  // reload still sees the whole run; recording is skipped while it is off.
  const metrics = new GatewayMetrics();
  let current = createGeneration(options.table, agents, clock, undefined, metrics, routeState);
  let nextId = 0;
  let inFlight = 0;
  let closing = false;
  let drained: (() => void) | undefined;
  const upgraded = new Set<Socket>();
  const capture = options.capture;

  function onClose(this: GatewayResponse): void {
    const req = this.req as GatewayRequest;
    const ex = req.exchange!;
    ex.closed = true;
    const completed = this.writableFinished;
    ex.endTry(completed ? resultOf(ex.status) : 'aborted');
    ex.admission?.release();
    if (!completed) {
      ex.upstream?.abort(CLIENT_GONE);
      if (ex.error === undefined) ex.error = 'client closed the connection before the answer was complete';
    }
    inFlight--;
    const counted = ex.generation.table.config.server.metrics !== undefined;
    if (counted || events.wants('request-finished')) {
      const finished: GatewayEvents['request-finished'] = {
        id: ex.id,
        method: this.req.method ?? '',
        url: ex.input?.url ?? this.req.url ?? '',
        at: ex.at,
        status: ex.status,
        durationMs: performance.now() - ex.start,
        bytes: ex.bytes,
        decision: ex.decision,
        target: ex.route?.targetId ?? ex.decision?.target?.id,
        error: ex.error,
        retries: ex.retries,
        capture: capturedExchange(req, this, ex),
      };
      if (counted) metrics.record(finished);
      events.emit('request-finished', finished);
    }
    if (closing && inFlight === 0) drained?.();
  }

  async function handle(req: GatewayRequest, res: GatewayResponse): Promise<void> {
    const generation = current;
    const ex = new Exchange(++nextId, generation, clock.now(), performance.now());
    req.exchange = ex;
    if (capture !== undefined) beginCapture(req, res, capture.maxBodyBytes);
    inFlight++;
    res.once('close', onClose);
    if (closing) res.shouldKeepAlive = false;
    if (events.wants('request-started')) {
      events.emit('request-started', { id: ex.id, method: req.method ?? '', url: req.url ?? '', at: ex.at });
    }
    const limit = generation.table.config.server.limits.bodySize;
    ex.hasBody = hasBody(req);
    if (ex.hasBody && (declaredLength(req) ?? 0) > limit) {
      // The client is still sending a body we will not read: close the connection after answering.
      res.shouldKeepAlive = false;
      ex.status = 413;
      ex.bytes = sendError(res, 'payload-too-large', 413, tooLarge(declaredLength(req)!, limit), undefined);
      return;
    }
    const input: RequestInput = {
      method: req.method ?? '',
      url: req.url ?? '/',
      headers: req.headers,
      remoteAddress: req.socket.remoteAddress ?? '',
      scheme,
      readBody: ex.hasBody ? () => readBody(req, limit) : undefined,
    };
    ex.input = input;
    try {
      const decision = await decide(input, generation.table, generation.ctx);
      ex.decision = decision;
      if (events.wants('request-decided'))
        events.emit('request-decided', { id: ex.id, decision, headers: input.headers });
      if (ex.closed) return;
      if (needsTiming(decision) && !(await carryOutTiming(res, ex, decision))) return;
      if (decision.action === 'reject') {
        ex.status = decision.auth?.passthrough?.status ?? decision.status ?? decision.problem?.status ?? 400;
        ex.bytes = sendRejection(res, decision);
      } else if (decision.action === 'respond') {
        ex.status = decision.response?.status ?? 200;
        ex.bytes = sendResponse(res, decision);
      } else if (decision.transform !== undefined) {
        await callTransform(res, ex);
      } else {
        await forwarder.forward(req, res, ex);
      }
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        res.shouldKeepAlive = false;
        ex.status = 413;
        ex.bytes = sendError(res, 'payload-too-large', 413, error.message, ex.decision);
        return;
      }
      // A bug, not the client's fault: answer 500 and say so where the log and UI see it.
      ex.status = 500;
      ex.error = `internal error: ${(error as Error)?.stack ?? error}`;
      const body: Problem = {
        type: 'urn:gateway:internal-error',
        title: 'Internal gateway error',
        status: 500,
        detail: 'the gateway failed while handling this request — this is a bug, please report it',
      };
      ex.bytes = sendProblem(res, body);
    }
  }

  const serverOptions = {
    IncomingMessage: GatewayRequest,
    // Node's own class unless exchanges are captured (`GatewayResponse` records what is written).
    ServerResponse: (capture === undefined ? ServerResponse : GatewayResponse) as typeof GatewayResponse,
    maxHeaderSize: settings.limits.headerSize,
    headersTimeout: settings.limits.headersTimeout,
    requestTimeout: settings.limits.requestTimeout,
    // Ambiguous framing (both Content-Length and Transfer-Encoding, duplicate lengths) is refused by node (400).
    insecureHTTPParser: false,
    // Node keeps the first of duplicate headers and drops the rest; joined, a second Host or
    // Authorization becomes visible to normalize and auth, which refuse it.
    joinDuplicateHeaders: true,
    // Node checks the two timeouts above only every 30 s by default, which lets a slow client
    // (slowloris) hold a request open far past them; check at a quarter of the shorter one.
    connectionsCheckingInterval: Math.max(
      50,
      Math.min(
        1000,
        Math.floor(Math.min(settings.limits.headersTimeout, settings.limits.requestTimeout) / 4),
      ),
    ),
  };
  const listener = (req: IncomingMessage, res: ServerResponse) =>
    void handle(req as GatewayRequest, res as GatewayResponse);
  const server: Server = settings.tls
    ? createHttpsServer(
        { ...serverOptions, cert: readFileSync(settings.tls.cert), key: readFileSync(settings.tls.key) },
        listener,
      )
    : createHttpServer(serverOptions, listener);
  server.on('clientError', onClientError);
  // A client that half-closes after a complete request (`nc -N`, some health checkers) still gets
  // its answer: node's default aborts the request on the FIN. Only a reset, or a FIN before the
  // request is complete (node's parser reports that as a client error), ends it early.
  (server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  // CONNECT (authority-form) never reaches the request handler; without this listener node just
  // destroys the socket. The pipeline refuses it (405), and the client reads why.
  server.on('connect', (req: GatewayRequest, socket: Socket) => {
    socket.on('error', () => socket.destroy());
    const id = ++nextId;
    const at = clock.now();
    const start = performance.now();
    const input: RequestInput = {
      method: req.method ?? 'CONNECT',
      url: req.url ?? '',
      headers: req.headers,
      remoteAddress: socket.remoteAddress ?? '',
      scheme,
    };
    void decide(input, current.table, current.ctx).then((decision) => {
      const body = decision.problem ?? problem('method-not-allowed', 405, `${input.method} is never proxied`);
      const status = writeProblem(socket, body, decision.responseHeaders);
      events.emit('request-finished', {
        id,
        method: input.method,
        url: input.url,
        at,
        status,
        durationMs: performance.now() - start,
        bytes: 0,
        decision,
        target: undefined,
        error: undefined,
      });
    });
  });
  server.on('upgrade', (req: GatewayRequest, socket: Socket, head: Buffer) => {
    if (closing) {
      socket.destroy();
      return;
    }
    inFlight++;
    upgraded.add(socket);
    socket.once('close', () => {
      upgraded.delete(socket);
      inFlight--;
      if (closing && inFlight === 0) drained?.();
    });
    void handleUpgrade(req, socket, head, {
      generation: current,
      events,
      forwarder,
      nextId: () => ++nextId,
      scheme,
      clock,
    });
  });

  return {
    server,
    get current() {
      return current;
    },
    get inFlight() {
      return inFlight;
    },
    routeState,
    swap(table) {
      // An edited sequence starts from its first answer again.
      routeState.sequences.reset();
      current = createGeneration(table, agents, clock, current, metrics, routeState);
      return current;
    },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve(`${scheme}://${shown}:${address.port}`);
        });
      });
    },
    async close(graceMs) {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          drained = resolve;
          setTimeout(resolve, graceMs).unref();
        });
      }
      server.closeAllConnections();
      for (const socket of upgraded) socket.destroy();
      agents.destroy();
      await closed;
    },
  };
}

const CLIENT_GONE = new Error('client closed the connection');

function tooLarge(length: number, limit: number): string {
  return `request body of ${length} bytes is larger than the limit of ${limit} bytes (server.limits.bodySize)`;
}

/**
 * Requests node's parser refuses (malformed, ambiguous framing such as both Content-Length and
 * Transfer-Encoding, a head over `headerSize`, too slow) get a problem document too, as far as
 * the socket still allows.
 */
function onClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const body =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? problem('invalid-request', 431, 'request head is larger than server.limits.headerSize')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? problem(
            'request-timeout',
            408,
            'the request did not arrive in time (server.limits.headersTimeout / requestTimeout)',
          )
        : problem(
            'invalid-request',
            400,
            `malformed request: ${error.message}${error.code ? ` (${error.code})` : ''}`,
          );
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${body.status} ${STATUS_CODES[body.status]}\r\ncontent-type: ${PROBLEM_CONTENT_TYPE}\r\n` +
      `content-length: ${Buffer.byteLength(json)}\r\nconnection: close\r\n\r\n${json}`,
  );
}
