/**
 * Exchange capture for `--har` and the UI's HAR save: what the client sent and what it got back
 * (headers, bodies up to a cap, when the answer's head went out). It is recorded where the bytes
 * pass anyway — the request's `push` and the response's `writeHead`/`write`/`end` — so every
 * kind of answer (forwarded, gRPC/SOAP, problem documents, `respond`) is captured the same way,
 * and a gateway without capture pays one property check per chunk.
 */
import { type IncomingHttpHeaders, type OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { CapturedBody, CapturedExchange } from '../events.js';
import type { Exchange, GatewayRequest } from './exchange.js';

export type { CapturedBody, CapturedExchange } from '../events.js';

/** Collects chunks until `limit` bytes; past it only counts. */
export class BodyRecorder {
  size = 0;
  #chunks: Buffer[] | undefined = [];

  constructor(readonly limit: number) {}

  add(chunk: unknown, encoding?: BufferEncoding): void {
    if (chunk === null || chunk === undefined) return;
    const bytes =
      typeof chunk === 'string'
        ? Buffer.from(chunk, encoding ?? 'utf8')
        : Buffer.isBuffer(chunk)
          ? chunk
          : chunk instanceof Uint8Array
            ? Buffer.from(chunk)
            : undefined;
    if (bytes === undefined) return;
    this.size += bytes.length;
    if (this.#chunks === undefined) return;
    if (this.size > this.limit) this.#chunks = undefined;
    else this.#chunks.push(bytes);
  }

  result(): CapturedBody {
    return { size: this.size, data: this.#chunks && Buffer.concat(this.#chunks, this.size) };
  }
}

/**
 * The server's response class when capture is on (without capture the server uses node's own, so
 * the hot path pays nothing): it records the head and the body it writes. Fixed parameters rather
 * than rest ones, so a write allocates nothing extra.
 */
export class GatewayResponse extends ServerResponse<GatewayRequest> {
  capture: ResponseRecorder | undefined = undefined;

  // biome-ignore lint/suspicious/noExplicitAny: node's overloads, passed through unchanged
  override writeHead(statusCode: number, reason?: any, headers?: any): this {
    const capture = this.capture;
    if (capture !== undefined) {
      capture.headAt = performance.now();
      capture.statusMessage = typeof reason === 'string' ? reason : undefined;
      const given = (typeof reason === 'string' ? headers : reason) as OutgoingHttpHeaders | undefined;
      capture.headers = { ...this.getHeaders(), ...lowerCased(given) };
    }
    return super.writeHead(statusCode, reason, headers);
  }

  // biome-ignore lint/suspicious/noExplicitAny: node's overloads, passed through unchanged
  override write(chunk: any, encoding?: any, callback?: any): boolean {
    this.capture?.body.add(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : undefined);
    return super.write(chunk, encoding, callback);
  }

  // biome-ignore lint/suspicious/noExplicitAny: node's overloads, passed through unchanged
  override end(chunk?: any, encoding?: any, callback?: any): this {
    if (typeof chunk !== 'function')
      this.capture?.body.add(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : undefined);
    return super.end(chunk, encoding, callback);
  }
}

/** What `GatewayResponse` records for one answer. */
export class ResponseRecorder {
  headAt = -1;
  headers: OutgoingHttpHeaders | undefined = undefined;
  statusMessage: string | undefined = undefined;
  readonly body: BodyRecorder;

  constructor(limit: number) {
    this.body = new BodyRecorder(limit);
  }
}

/** Starts recording the exchange of `req` and `res` (bodies up to `maxBodyBytes`). */
export function beginCapture(req: GatewayRequest, res: GatewayResponse, maxBodyBytes: number): void {
  req.bodyCapture = new BodyRecorder(maxBodyBytes);
  res.capture = new ResponseRecorder(maxBodyBytes);
}

/** Assembles the captured exchange once the answer is complete (or the exchange ended). */
export function capturedExchange(
  req: GatewayRequest,
  res: GatewayResponse,
  ex: Exchange,
): CapturedExchange | undefined {
  const response = res.capture;
  if (response === undefined) return undefined;
  return {
    httpVersion: req.httpVersion,
    // The forwarder replaces `req.headers` with the upstream's; the input keeps the client's.
    requestHeaders: (ex.input?.headers ?? req.headers) as IncomingHttpHeaders,
    requestBody: req.bodyCapture?.result(),
    responseHeaders: response.headers,
    statusMessage: response.statusMessage,
    responseBody: response.body.result(),
    waitMs: response.headAt < 0 ? -1 : response.headAt - ex.start,
  };
}

function lowerCased(headers: OutgoingHttpHeaders | undefined): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  if (headers === undefined) return out;
  // `writeHead` also takes a flat [name, value, …] array.
  if (Array.isArray(headers)) {
    const flat = headers as unknown as string[];
    for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i]).toLowerCase()] = flat[i + 1];
    return out;
  }
  for (const name in headers) out[name.toLowerCase()] = headers[name];
  return out;
}
