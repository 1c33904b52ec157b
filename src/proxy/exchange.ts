/**
 * One request's state while the proxy runs it: which generation it runs on, its Decision, the
 * try in progress (target, admission slot, retries) and what the client got. It hangs off the
 * request object (`GatewayRequest`), so shared handlers (the server's `close` listener, the
 * WebSocket upgrade's http-proxy-3 handlers) find it without a closure per request.
 */
import { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { Admission, RequestResult } from '../pipeline/balance/index.js';
import type { Decision, RequestInput } from '../pipeline/types.js';
import type { BodyRecorder } from './capture.js';
import type { Generation } from './generation.js';
import type { TargetRoute } from './targets.js';
import type { UpstreamTry } from './upstream-try.js';

export class Exchange {
  decision: Decision | undefined = undefined;
  /** The input given to `decide` (kept for re-picking a target on retry). */
  input: RequestInput | undefined = undefined;
  /** The try in progress: its target and whether `pools.finished` is still owed. */
  route: TargetRoute | undefined = undefined;
  tryOpen = false;
  attempt = 1;
  retries = 0;
  /** Target ids already tried (retries go elsewhere). */
  tried: string[] | undefined = undefined;
  /** Response timeout of each try (ms). */
  timeout = 0;
  /** The body kept for replay on retry, or `undefined` when it streams (or there is none). */
  body: Buffer | undefined = undefined;
  /** What goes upstream instead of the request stream (a size limiter). */
  source: Readable | undefined = undefined;
  hasBody = false;
  /** The try in progress (aborted when the client goes away or the body is over the limit). */
  upstream: UpstreamTry | undefined = undefined;
  admission: Extract<Admission, { ok: true }> | undefined = undefined;
  status = 0;
  bytes = 0;
  error: string | undefined = undefined;
  /** The client's connection ended (answer complete, or it went away). */
  closed = false;

  constructor(
    readonly id: number,
    readonly generation: Generation,
    /** Wall clock (ms since the epoch) for events. */
    readonly at: number,
    /** Monotonic clock (ms) for durations. */
    readonly start: number,
  ) {}

  /** Reports the try in progress to the pools, once. */
  endTry(result: RequestResult): void {
    if (!this.tryOpen || this.route === undefined) return;
    this.tryOpen = false;
    this.generation.pools.finished(this.route.upstream.name, this.route.targetId, result);
  }
}

/** The server's request class: an `IncomingMessage` that carries its `Exchange`. */
export class GatewayRequest extends IncomingMessage {
  exchange: Exchange | undefined = undefined;
  /** Set when the exchange is captured (`--har`, the UI): the body's bytes as node's parser pushes them. */
  bodyCapture: BodyRecorder | undefined = undefined;

  // biome-ignore lint/suspicious/noExplicitAny: Readable's signature, passed through unchanged
  override push(chunk: any, encoding?: BufferEncoding): boolean {
    this.bodyCapture?.add(chunk, encoding);
    return super.push(chunk, encoding);
  }
}

/** How a finished answer counts for passive health. */
export function resultOf(status: number): RequestResult {
  return status >= 500 ? 'http-5xx' : 'success';
}
