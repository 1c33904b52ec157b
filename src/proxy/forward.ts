/**
 * Forwarding a `forward` Decision to an HTTP target: circuit breaker slot, upstream headers, the
 * rewritten path, a response timeout per try, retries on another target, and the upstream's
 * answer streamed back with hop-by-hop headers removed and CORS added; a mirrored copy sent
 * alongside, never waited for.
 *
 * Plain HTTP goes through undici's connection pools (`dispatch`, one `UpstreamTry` per try):
 * measured in bench/, it costs well under half the CPU per request of node's `http.request` as
 * http-proxy-3 drives it. WebSocket upgrades still go through http-proxy-3 (`proxy`).
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { ProxyServer } from 'http-proxy-3';
import type { ResolvedUpstream } from '../config/resolved.js';
import { retryPolicy, selectTarget } from '../pipeline/balance/index.js';
import { normalize } from '../pipeline/normalize.js';
import { isTrusted } from '../pipeline/normalize/client-ip.js';
import { problem } from '../pipeline/problem.js';
import { editResponseHeaders } from '../pipeline/response-headers.js';
import type { Decision, TargetPick } from '../pipeline/types.js';
import { sendError, sendProblem } from './answer.js';
import { BodyLimiter, declaredLength, readBody } from './body.js';
import type { Exchange, GatewayRequest } from './exchange.js';
import { clientHeaders, upstreamHeaders } from './headers.js';
import { joinPath } from './join-path.js';
import { type MirrorReport, sendMirror } from './mirror.js';
import type { UpstreamAgents } from './targets.js';
import { classifyUpstreamError, RESPONSE_TIMEOUT } from './upstream-errors.js';
import { type TryOwner, UpstreamTry } from './upstream-try.js';

/** Executes `forward` Decisions for HTTP upstreams. */
export class HttpForwarder implements TryOwner {
  #proxy: ProxyServer | undefined;
  readonly #agents: UpstreamAgents;
  readonly #reportMirror: MirrorReport;

  /** `reportMirror` hears how each mirrored copy went (the `mirror-finished` event). */
  constructor(agents: UpstreamAgents, reportMirror: MirrorReport = ignore) {
    this.#agents = agents;
    this.#reportMirror = reportMirror;
  }

  /** The proxy for WebSocket upgrades, loaded on the first one (a config without them never pays for it). */
  get proxy(): ProxyServer {
    if (this.#proxy === undefined) {
      const { ProxyServer } = createRequire(import.meta.url)('http-proxy-3') as typeof import('http-proxy-3');
      this.#proxy = new ProxyServer({ xfwd: false });
      // Errors reach the per-call callback; this only keeps a stray one from throwing.
      this.#proxy.on('error', ignore);
      this.#proxy.on('econnreset', ignore);
    }
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
    if (decision.mirror) this.#mirror(req, ex, decision.mirror);
    this.#try(req, res, ex, upstream, decision.target!);
  }

  /** Sends the Decision's mirror copy (not waited for); a body that was not buffered is not copied. */
  #mirror(req: GatewayRequest, ex: Exchange, mirror: NonNullable<Decision['mirror']>): void {
    const route = ex.decision?.route?.name;
    if (ex.hasBody && ex.body === undefined) {
      this.#reportMirror({
        route,
        upstream: mirror.upstream,
        target: '',
        ok: false,
        status: 0,
        durationMs: 0,
        error: `not mirrored: the body is over mirror.maxBody (${mirror.maxBody} bytes) or has no Content-Length`,
      });
      return;
    }
    const request = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: req.headers,
      body: ex.body,
    };
    sendMirror(mirror, request, route, ex.generation, this.#agents, this.#reportMirror);
  }

  #try(
    req: GatewayRequest,
    res: ServerResponse,
    ex: Exchange,
    upstream: ResolvedUpstream,
    pick: TargetPick,
  ): void {
    let route = ex.generation.routes.get(upstream.name)?.get(pick.id);
    // A request that started before a reload may find its pool retired: take the current one.
    if (route === undefined || route.pool.closed || route.pool.destroyed)
      route = this.#agents.routeFor(upstream, pick.id, pick.url);
    ex.route = route;
    ex.tryOpen = true;
    ex.generation.pools.started(upstream.name, pick.id);
    const headers = req.headers as Record<string, string | string[] | undefined>;
    // `rewrite.host`: a literal arrived in the Decision's header edits and wins; `{ target: true }`
    // asks for the target's host on this route, as `changeOrigin` does for the whole upstream.
    const decision = ex.decision;
    if (decision?.hostFromTarget || (upstream.changeOrigin && decision?.headers?.set.host === undefined))
      headers.host = route.originHost;
    const attempt = new UpstreamTry(this, req, res, ex);
    ex.upstream = attempt;
    route.pool.dispatch(
      {
        method: req.method ?? 'GET',
        path: route.basePath === '' ? (req.url ?? '/') : joinPath(route.basePath, req.url ?? '/'),
        headers,
        body: ex.body ?? ex.source ?? (ex.hasBody && !req.readableEnded ? req : null),
        headersTimeout: ex.timeout,
        bodyTimeout: 0,
      },
      attempt,
    );
  }

  /** A try's answer began: write its head, or drop it when a retry on another target starts. */
  start(
    t: UpstreamTry,
    status: number,
    headers: IncomingHttpHeaders,
    statusMessage: string | undefined,
  ): boolean {
    const { ex, res } = t;
    if (ex.upstream !== t || ex.closed || res.headersSent) return false;
    if (status >= 500 && ex.route!.upstream.retries.statuses.includes(status)) {
      ex.endTry('http-5xx');
      if (this.#retry(t.req, res, ex, ex.route!.upstream, status)) return false;
    }
    const decision = ex.decision!;
    const out = editResponseHeaders(clientHeaders(headers, decision.responseHeaders), decision.responseEdits);
    const cookie = decision.target?.setCookie;
    if (cookie !== undefined && ex.retries === 0) out['set-cookie'] = appendCookie(out['set-cookie'], cookie);
    const splitCookie = decision.split?.setCookie;
    if (splitCookie !== undefined) out['set-cookie'] = appendCookie(out['set-cookie'], splitCookie);
    ex.status = status;
    const length = headers['content-length'];
    ex.bytes =
      length !== undefined && t.req.method !== 'HEAD' && status !== 204 && status !== 304
        ? Number(length)
        : 0;
    if (statusMessage === undefined) res.writeHead(status, out);
    else res.writeHead(status, statusMessage, out);
    return true;
  }

  /** A try failed: retry it elsewhere when allowed, else answer 502/504 (or cut an answer begun). */
  fail(t: UpstreamTry, error: Error): void {
    const { ex, req } = t;
    const response = t.res;
    if (ex.upstream !== t || ex.route === undefined || !ex.tryOpen) {
      // A dropped (retried) answer broke off, or the answer was complete: nothing is owed.
      if (ex.upstream === t && response.headersSent && !response.writableEnded) response.destroy();
      return;
    }
    if (ex.closed) {
      ex.endTry('aborted');
      return;
    }
    const upstream = ex.route.upstream;
    const failure = classifyUpstreamError(nodeError(error), upstream, ex.route.targetId, ex.timeout);
    ex.endTry(failure.result);
    if (response.headersSent) {
      ex.error = failure.detail;
      response.destroy();
      return;
    }
    // A request that may have reached the target is retried only if its method allows it.
    const outcome = failure.connected && failure.result === 'connect-error' ? 'timeout' : failure.result;
    if (this.#retry(req, response, ex, upstream, outcome)) return;
    ex.status = failure.status;
    ex.error = failure.detail;
    ex.bytes = sendError(response, failure.kind, failure.status, failure.detail, ex.decision);
  }

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
    // The try being replaced no longer owns the answer.
    ex.upstream = undefined;
    const next = () => {
      if (ex.closed) return;
      this.#try(req, res, ex, upstream, selection.pick);
    };
    if (policy.delayMs > 0) setTimeout(next, policy.delayMs).unref();
    else next();
    return true;
  }
}

/**
 * undici's errors in the terms of node's (which `classifyUpstreamError` knows): its connect
 * timeout, its headers timeout (our per-try response timeout) and a connection closed early.
 */
function nodeError(error: Error): NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return RESPONSE_TIMEOUT;
  if (code === 'UND_ERR_CONNECT_TIMEOUT')
    return Object.assign(new Error('ECONNECT_TIMEOUT'), { code: 'ECONNECT_TIMEOUT' });
  if (code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED' || code === 'UND_ERR_ABORTED')
    return Object.assign(new Error(error.message), { code: 'ECONNRESET' });
  const cause = (error as { cause?: NodeJS.ErrnoException }).cause;
  return code === undefined && cause?.code !== undefined ? cause : (error as NodeJS.ErrnoException);
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
  const mirror = ex.decision?.mirror;
  const forRetry =
    retries.attempts > 0 &&
    length !== undefined &&
    length <= retries.bufferBodyUpTo &&
    retries.methods.includes(req.method ?? '');
  // A mirror gets its copy of the body from the same buffer.
  const forMirror = mirror !== undefined && length !== undefined && length <= mirror.maxBody;
  if (forRetry || forMirror) {
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
      ex.upstream?.abort(BODY_TOO_LARGE);
    });
  }
  return true;
}

const BODY_TOO_LARGE = new Error('request body too large');

function unmapped(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

function ignore(): void {}
