/**
 * Forwarding a `forward` Decision to an HTTP target through http-proxy-3: circuit breaker slot,
 * upstream headers, the rewritten path, a response timeout per try, retries on another target,
 * and the upstream's answer streamed back with hop-by-hop headers removed and CORS added.
 *
 * The http-proxy-3 handlers are registered once and find the request's state on the request
 * (`GatewayRequest.exchange`), so a forwarded request creates no closures of its own.
 */
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { ProxyServer } from 'http-proxy-3';
import type { ResolvedUpstream } from '../config/resolved.js';
import { retryPolicy, selectTarget } from '../pipeline/balance/index.js';
import { normalize } from '../pipeline/normalize.js';
import { isTrusted } from '../pipeline/normalize/client-ip.js';
import { problem } from '../pipeline/problem.js';
import type { TargetPick } from '../pipeline/types.js';
import { sendError, sendProblem } from './answer.js';
import { BodyLimiter, declaredLength, readBody } from './body.js';
import type { Exchange, GatewayRequest } from './exchange.js';
import { clientHeaders, upstreamHeaders } from './headers.js';
import type { UpstreamAgents } from './targets.js';
import { classifyUpstreamError, RESPONSE_TIMEOUT } from './upstream-errors.js';

/** Executes `forward` Decisions for HTTP upstreams. */
export class HttpForwarder {
  readonly #proxy: ProxyServer;
  readonly #agents: UpstreamAgents;

  constructor(agents: UpstreamAgents) {
    this.#agents = agents;
    this.#proxy = new ProxyServer({ xfwd: false });
    this.#proxy.on('proxyReq', onProxyReq);
    this.#proxy.on('proxyRes', this.#onResponse);
    // Errors reach the per-call callback; this only keeps a stray one from throwing.
    this.#proxy.on('error', ignore);
    this.#proxy.on('econnreset', ignore);
  }

  /** The proxy, for WebSocket upgrades. */
  get proxy(): ProxyServer {
    return this.#proxy;
  }

  /** Forwards the request of `ex` (its Decision is `forward` to an HTTP upstream). */
  async forward(req: GatewayRequest, res: ServerResponse, ex: Exchange): Promise<void> {
    const decision = ex.decision!;
    const { table, pools } = ex.generation;
    const upstream = table.config.upstreams[decision.upstream!]!;
    const admission = await pools.admit(upstream);
    if (!admission.ok) {
      ex.status = 503;
      ex.error = admission.reason;
      ex.bytes = sendProblem(
        res,
        problem('circuit-open', 503, admission.reason, {
          route: decision.route?.name,
          upstream: upstream.name,
        }),
        decision.responseHeaders,
      );
      return;
    }
    ex.admission = admission;
    if (ex.closed) {
      admission.release();
      return;
    }
    ex.timeout =
      table.config.routes[decision.route!.index]?.timeout ??
      upstream.retries.perTryTimeout ??
      upstream.timeouts.response;
    if (!(await prepareBody(req, res, ex, upstream))) return;

    const peer = req.socket.remoteAddress ?? '';
    req.url = decision.upstreamPath ?? req.url;
    req.headers = upstreamHeaders(
      req.headers,
      decision.headers,
      {
        peer,
        trusted: isTrusted(unmapped(peer), table.config.server.trustedProxies),
        scheme: ex.input!.scheme,
      },
      false,
    ) as GatewayRequest['headers'];
    this.#try(req, res, ex, upstream, decision.target!);
  }

  #try(
    req: GatewayRequest,
    res: ServerResponse,
    ex: Exchange,
    upstream: ResolvedUpstream,
    pick: TargetPick,
  ): void {
    const route =
      ex.generation.routes.get(upstream.name)?.get(pick.id) ??
      this.#agents.routeFor(upstream, pick.id, pick.url);
    ex.route = route;
    ex.tryOpen = true;
    ex.generation.pools.started(upstream.name, pick.id);
    const source = ex.body !== undefined ? Readable.from([ex.body]) : ex.source;
    const options = source === undefined ? route.options : { ...route.options, buffer: source };
    this.#proxy.web(req, res, options, this.#onError);
  }

  readonly #onError = (error: Error, req: IncomingMessage, res: ServerResponse | unknown): void => {
    const ex = (req as GatewayRequest).exchange;
    const response = res as ServerResponse;
    if (ex === undefined || ex.route === undefined || !ex.tryOpen) return;
    if (ex.closed) {
      ex.endTry('aborted');
      return;
    }
    const upstream = ex.route.upstream;
    const failure = classifyUpstreamError(
      error as NodeJS.ErrnoException,
      upstream,
      ex.route.targetId,
      ex.timeout,
    );
    ex.endTry(failure.result);
    if (response.headersSent) {
      ex.error = failure.detail;
      response.destroy();
      return;
    }
    // A request that may have reached the target is retried only if its method allows it.
    const outcome = failure.connected && failure.result === 'connect-error' ? 'timeout' : failure.result;
    if (this.#retry(req as GatewayRequest, response, ex, upstream, outcome)) return;
    ex.status = failure.status;
    ex.error = failure.detail;
    ex.bytes = sendError(response, failure.kind, failure.status, failure.detail, ex.decision);
  };

  /** Schedules another try on a different target when the retry policy allows; `false` otherwise. */
  #retry(
    req: GatewayRequest,
    res: ServerResponse,
    ex: Exchange,
    upstream: ResolvedUpstream,
    outcome: Parameters<typeof retryPolicy>[3],
  ): boolean {
    if (upstream.retries.attempts === 0) return false;
    const replayable = !ex.hasBody || ex.body !== undefined;
    const policy = retryPolicy(upstream, req.method ?? 'GET', ex.attempt, outcome, replayable);
    if (!policy.retry) return false;
    const normalized = normalize(ex.input!, ex.generation.table.config.server);
    if (!normalized.ok) return false;
    ex.tried ??= [];
    const tried = ex.tried;
    tried.push(ex.route!.targetId);
    const selection = selectTarget(upstream, ex.generation.pools, normalized.request, {
      now: ex.generation.ctx.now,
      random: ex.generation.ctx.random,
      exclude: tried,
    });
    if (!selection.ok || tried.includes(selection.pick.id)) return false;
    ex.attempt++;
    ex.retries++;
    const next = () => {
      if (ex.closed) return;
      this.#try(req, res, ex, upstream, selection.pick);
    };
    if (policy.delayMs > 0) setTimeout(next, policy.delayMs).unref();
    else next();
    return true;
  }

  /** Streams a try's answer to the client (or retries it on another target). */
  readonly #onResponse = (proxyRes: IncomingMessage, req: IncomingMessage, res: ServerResponse): void => {
    const ex = (req as GatewayRequest).exchange;
    // Disarm the response timer: the answer has begun; a slow body is the client's to wait for.
    (proxyRes as IncomingMessage & { req?: ClientRequest }).req?.setTimeout(0);
    if (ex === undefined || ex.closed || res.headersSent) {
      proxyRes.resume();
      return;
    }
    const status = proxyRes.statusCode ?? 502;
    if (status >= 500 && ex.route!.upstream.retries.statuses.includes(status)) {
      ex.endTry('http-5xx');
      if (this.#retry(req as GatewayRequest, res, ex, ex.route!.upstream, status)) {
        proxyRes.resume();
        return;
      }
    }
    const decision = ex.decision!;
    const headers = clientHeaders(proxyRes.headers, decision.responseHeaders);
    const cookie = decision.target?.setCookie;
    if (cookie !== undefined && ex.retries === 0)
      headers['set-cookie'] = appendCookie(headers['set-cookie'], cookie);
    ex.status = status;
    res.writeHead(status, proxyRes.statusMessage, headers);
    const length = proxyRes.headers['content-length'];
    if (req.method === 'HEAD' || status === 204 || status === 304) ex.bytes = 0;
    else if (length !== undefined) ex.bytes = Number(length);
    else proxyRes.on('data', (chunk: Buffer) => (ex.bytes += chunk.length));
    // pipe + one error handler rather than stream.pipeline, which costs an AbortController per call.
    (proxyRes as UpstreamResponse)[CLIENT] = res;
    proxyRes.once('error', destroyClient);
    proxyRes.pipe(res);
  };
}

const CLIENT = Symbol('client response');
type UpstreamResponse = IncomingMessage & { [CLIENT]?: ServerResponse };

/** The upstream's answer broke off mid-body: the client's answer cannot be completed either. */
function destroyClient(this: UpstreamResponse): void {
  this[CLIENT]?.destroy();
}

/** Arms the response timeout of a try; the request also becomes abortable by the body limit. */
function onProxyReq(proxyReq: ClientRequest, req: IncomingMessage): void {
  const ex = (req as GatewayRequest).exchange;
  if (ex === undefined) return;
  ex.upstreamRequest = proxyReq;
  if (ex.timeout > 0) proxyReq.setTimeout(ex.timeout, onResponseTimeout);
}

function onResponseTimeout(this: ClientRequest): void {
  this.destroy(RESPONSE_TIMEOUT);
}

function appendCookie(existing: string | number | string[] | undefined, cookie: string): string[] {
  if (existing === undefined) return [cookie];
  return Array.isArray(existing) ? [...existing, cookie] : [String(existing), cookie];
}

/**
 * Decides how the body travels: none; buffered (so a retry can replay it) when retries are on
 * and it is small enough; counted against `server.limits.bodySize` when chunked; else streamed.
 * Returns `false` when it already answered (413).
 */
async function prepareBody(
  req: GatewayRequest,
  res: ServerResponse,
  ex: Exchange,
  upstream: ResolvedUpstream,
): Promise<boolean> {
  if (!ex.hasBody || req.readableEnded) return true;
  const limit = ex.generation.table.config.server.limits.bodySize;
  const length = declaredLength(req);
  const retries = upstream.retries;
  if (
    retries.attempts > 0 &&
    length !== undefined &&
    length <= retries.bufferBodyUpTo &&
    retries.methods.includes(req.method ?? '')
  ) {
    try {
      ex.body = Buffer.from(await readBody(req, limit));
    } catch {
      ex.status = 413;
      ex.bytes = sendError(
        res,
        'payload-too-large',
        413,
        `request body is larger than ${limit} bytes (server.limits.bodySize)`,
        ex.decision,
      );
      return false;
    }
    return true;
  }
  if (length === undefined) {
    ex.source = new BodyLimiter(req, limit, () => {
      ex.status = 413;
      ex.error = 'request body too large';
      res.shouldKeepAlive = false;
      ex.bytes = sendError(
        res,
        'payload-too-large',
        413,
        `request body is larger than ${limit} bytes (server.limits.bodySize)`,
        ex.decision,
      );
      ex.upstreamRequest?.destroy();
    });
  }
  return true;
}

function unmapped(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

function ignore(): void {}
