/**
 * One try of a forwarded request on undici's low-level `dispatch`: the upstream's answer is
 * written to the client as it arrives (paused while the client's socket is full), without an
 * intermediate stream, a pipe or a closure per request. What to do with the answer's head and
 * with a failure is the forwarder's call (`TryOwner`): it may retry on another target, in which
 * case this try's body is read and dropped so its connection stays reusable.
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import type { Exchange, GatewayRequest } from './exchange.js';

/** The forwarder's side of a try. */
export interface TryOwner {
  /** The head arrived: write it (return `true`) or drop this answer because a retry is under way. */
  start(
    t: UpstreamTry,
    status: number,
    headers: IncomingHttpHeaders,
    statusMessage: string | undefined,
  ): boolean;
  /** The try failed before or while the answer arrived. */
  fail(t: UpstreamTry, error: Error): void;
}

export class UpstreamTry implements Dispatcher.DispatchHandler {
  controller: Dispatcher.DispatchController | undefined = undefined;
  /** Write the body to the client (`false`: dropping a retried answer, or HEAD/204/304). */
  #write = false;
  /** Count the body's bytes (no Content-Length). */
  #count = false;
  /** This try's answer is the client's (its head was written). */
  #answered = false;
  #settled = false;

  constructor(
    readonly owner: TryOwner,
    readonly req: GatewayRequest,
    readonly res: ServerResponse,
    readonly ex: Exchange,
  ) {}

  /** Aborts the upstream request (client gone, body over the limit). */
  abort(reason: Error): void {
    if (!this.#settled) this.controller?.abort(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    status: number,
    headers: IncomingHttpHeaders,
    statusMessage?: string,
  ): void {
    // 1xx interim answers (100 Continue, 103 Early Hints) are not forwarded.
    if (status < 200) return;
    if (!this.owner.start(this, status, headers, statusMessage || undefined)) return;
    this.#answered = true;
    const method = this.req.method;
    if (method === 'HEAD' || status === 204 || status === 304) return;
    this.#write = true;
    this.#count = headers['content-length'] === undefined;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.#write) return;
    if (this.#count) this.ex.bytes += chunk.length;
    if (!this.res.write(chunk)) {
      controller.pause();
      this.res.once('drain', this.#resume);
    }
  }

  readonly #resume = (): void => {
    this.controller?.resume();
  };

  onResponseEnd(): void {
    this.#settled = true;
    if (this.#answered) this.res.end();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.#settled) return;
    this.#settled = true;
    this.owner.fail(this, error);
  }
}
