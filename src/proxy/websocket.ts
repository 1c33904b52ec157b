/**
 * WebSocket upgrades. The upgrade request goes through `decide` like any other request (auth,
 * rewrite, balancing all apply); only routes with `websocket: true` may upgrade. The handshake
 * and the frames then go through http-proxy-3's `ws()`. A refused upgrade gets a problem
 * document written straight to the socket (there is no `ServerResponse` for an upgrade).
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { GatewayEventBus } from '../events.js';
import { decide } from '../pipeline/decide.js';
import { isTrusted } from '../pipeline/normalize/client-ip.js';
import { problem } from '../pipeline/problem.js';
import type { Decision, RequestInput } from '../pipeline/types.js';
import type { GatewayRequest } from './exchange.js';
import type { HttpForwarder } from './forward.js';
import type { Clock, Generation } from './generation.js';
import { upstreamHeaders } from './headers.js';
import { writeProblem } from './socket-answer.js';
import { classifyUpstreamError } from './upstream-errors.js';

export interface UpgradeContext {
  readonly generation: Generation;
  readonly events: GatewayEventBus;
  readonly forwarder: HttpForwarder;
  readonly nextId: () => number;
  readonly scheme: 'http' | 'https';
  readonly clock: Clock;
}

/** Handles one upgrade request on `socket`. */
export async function handleUpgrade(
  req: GatewayRequest,
  socket: Socket,
  head: Buffer,
  ctx: UpgradeContext,
): Promise<void> {
  const { generation, events } = ctx;
  const id = ctx.nextId();
  const at = ctx.clock.now();
  const start = performance.now();
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  let status = 0;
  let error: string | undefined;
  let decision: Decision | undefined;
  let targetId: string | undefined;
  let upstreamName: string | undefined;
  socket.on('error', () => socket.destroy());
  socket.once('close', () => {
    if (upstreamName !== undefined && targetId !== undefined) {
      generation.pools.finished(
        upstreamName,
        targetId,
        status === 101 || (status > 0 && status < 500) ? 'success' : status === 0 ? 'aborted' : 'http-5xx',
      );
    }
    events.emit('request-finished', {
      id,
      method,
      url,
      at,
      status,
      durationMs: performance.now() - start,
      bytes: 0,
      decision,
      target: targetId,
      error,
    });
  });
  events.emit('request-started', { id, method, url, at });

  const input: RequestInput = {
    method,
    url,
    headers: req.headers,
    remoteAddress: socket.remoteAddress ?? '',
    scheme: ctx.scheme,
  };
  try {
    decision = await decide(input, generation.table, generation.ctx);
  } catch (caught) {
    error = `internal error: ${(caught as Error)?.stack ?? caught}`;
    status = writeProblem(socket, {
      type: 'urn:gateway:internal-error',
      title: 'Internal gateway error',
      status: 500,
      detail: 'the gateway failed while handling this upgrade — this is a bug',
    });
    return;
  }
  events.emit('request-decided', { id, decision });
  if (decision.action !== 'forward') {
    status = writeProblem(
      socket,
      decision.problem ??
        problem(
          'invalid-request',
          400,
          `${decision.route?.name ?? 'this route'} answers itself; it cannot be upgraded to a WebSocket`,
        ),
      decision.responseHeaders,
    );
    return;
  }
  const route = generation.table.config.routes[decision.route!.index];
  const upstream = generation.table.config.upstreams[decision.upstream!]!;
  if (!route?.websocket || upstream.protocol !== 'http' || decision.transform) {
    status = writeProblem(
      socket,
      problem(
        'invalid-request',
        400,
        `route "${decision.route!.name}" does not accept WebSocket upgrades (set websocket: true on the route)`,
        { route: decision.route!.name },
      ),
      decision.responseHeaders,
    );
    return;
  }
  const pick = decision.target!;
  const target = generation.routes.get(upstream.name)?.get(pick.id);
  if (target === undefined) {
    status = writeProblem(
      socket,
      problem('bad-gateway', 502, `target ${pick.id} of "${upstream.name}" is not known to this table`),
    );
    return;
  }
  const peer = socket.remoteAddress ?? '';
  req.url = decision.upstreamPath ?? url;
  req.headers = upstreamHeaders(
    req.headers,
    decision.headers,
    {
      peer,
      trusted: isTrusted(
        peer.replace(/^::ffff:(?=\d+\.)/, ''),
        generation.table.config.server.trustedProxies,
      ),
      scheme: ctx.scheme,
    },
    true,
  ) as IncomingMessage['headers'];
  upstreamName = upstream.name;
  targetId = pick.id;
  generation.pools.started(upstream.name, pick.id);
  const onProxyReq = (proxyReq: ClientRequest, proxied: IncomingMessage) => {
    if (proxied !== req) return;
    ctx.forwarder.proxy.off('proxyReqWs', onProxyReq);
    proxyReq.once('upgrade', () => {
      status = 101;
    });
    proxyReq.once('response', (response: IncomingMessage) => {
      status = response.statusCode ?? 502;
    });
  };
  ctx.forwarder.proxy.on('proxyReqWs', onProxyReq);
  ctx.forwarder.proxy.ws(req, socket, head, { ...target.options, agent: false }, (err) => {
    ctx.forwarder.proxy.off('proxyReqWs', onProxyReq);
    if (status !== 0) return;
    const failure = classifyUpstreamError(
      err as NodeJS.ErrnoException,
      upstream,
      pick.id,
      upstream.timeouts.response,
    );
    error = failure.detail;
    status = writeProblem(
      socket,
      problem(failure.kind, failure.status, failure.detail, {
        route: decision!.route!.name,
        upstream: upstream.name,
      }),
    );
  });
}
