/**
 * Executes a Decision's `mirror`: a copy of the upstream request (same method, rewritten path,
 * edited headers and the buffered body) sent to the mirror target and never waited for. The
 * answer is read and dropped so the connection stays reusable; the outcome only feeds the mirror
 * upstream's pool (its REQS/FAIL in the UI) and a `mirror-finished` event. Nothing here can
 * reach the client's answer: every error ends in the report.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { GatewayEvents } from '../events.js';
import type { RequestResult } from '../pipeline/balance/index.js';
import type { Decision } from '../pipeline/types.js';
import type { Generation } from './generation.js';
import { joinPath } from './join-path.js';
import type { UpstreamAgents } from './targets.js';

export type MirrorReport = (event: GatewayEvents['mirror-finished']) => void;

export interface MirrorRequest {
  readonly method: string;
  /** Upstream path and query (after rewrite). */
  readonly path: string;
  readonly headers: OutgoingHttpHeaders;
  /** `undefined`: no body. */
  readonly body: Buffer | undefined;
}

/** Sends the copy; returns at once. */
export function sendMirror(
  mirror: NonNullable<Decision['mirror']>,
  request: MirrorRequest,
  route: string | undefined,
  generation: Generation,
  agents: UpstreamAgents,
  report: MirrorReport,
): void {
  const upstream = generation.table.config.upstreams[mirror.upstream];
  if (upstream === undefined) return;
  const { target } = mirror;
  const started = Date.now();
  const finish = (result: RequestResult, status: number, error?: string) => {
    generation.pools.finished(upstream.name, target.id, result);
    report({
      route,
      upstream: upstream.name,
      target: target.id,
      ok: result === 'success',
      status,
      durationMs: Date.now() - started,
      ...(error !== undefined && { error }),
    });
  };
  try {
    let via = generation.routes.get(upstream.name)?.get(target.id);
    if (via === undefined || via.pool.closed || via.pool.destroyed)
      via = agents.routeFor(upstream, target.id, target.url);
    const headers: Record<string, string | string[] | number | undefined> = { ...request.headers };
    if (upstream.changeOrigin) headers.host = via.originHost;
    if (request.body !== undefined) headers['content-length'] = String(request.body.length);
    generation.pools.started(upstream.name, target.id);
    via.pool.dispatch(
      {
        method: request.method,
        path: via.basePath === '' ? request.path : joinPath(via.basePath, request.path),
        headers: headers as IncomingHttpHeaders,
        body: request.body ?? null,
        headersTimeout: upstream.timeouts.response,
        bodyTimeout: upstream.timeouts.response,
      },
      new MirrorHandler(finish),
    );
  } catch (error) {
    finish('connect-error', 0, (error as Error).message);
  }
}

/** Reads and drops the mirror's answer; settles once. */
class MirrorHandler implements Dispatcher.DispatchHandler {
  #status = 0;
  #settled = false;

  constructor(readonly finish: (result: RequestResult, status: number, error?: string) => void) {}

  onRequestStart(): void {}

  onResponseStart(_controller: Dispatcher.DispatchController, status: number): void {
    if (status >= 200) this.#status = status;
  }

  onResponseData(): void {}

  onResponseEnd(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.finish(this.#status >= 500 ? 'http-5xx' : 'success', this.#status);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.#settled) return;
    this.#settled = true;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const result: RequestResult = code.includes('TIMEOUT') ? 'timeout' : 'connect-error';
    this.finish(result, 0, `${code ? `${code}: ` : ''}${error.message}`);
  }
}
