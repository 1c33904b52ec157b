/**
 * Request bodies and `server.limits.bodySize`. A declared `Content-Length` over the limit is
 * refused before anything else runs; a chunked body is counted as it streams through; a body a
 * transform needs whole (gRPC/SOAP) is read with the same limit.
 */
import type { IncomingMessage } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';

/** Thrown by `readBody` when the body is over the limit; the proxy answers 413. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body is larger than the limit of ${limit} bytes (server.limits.bodySize)`);
  }
}

/** Whether the request announces a body (a length above 0, or chunked). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return length !== '0';
  return req.headers['transfer-encoding'] !== undefined;
}

/** The declared body length, or `undefined` when not declared (chunked, or no body). */
export function declaredLength(req: IncomingMessage): number | undefined {
  const length = req.headers['content-length'];
  return length === undefined ? undefined : Number(length);
}

/** Reads the whole body into memory, refusing more than `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

/**
 * Passes a chunked body through while counting it; past `limit` it stops reading the client and
 * calls `onTooLarge` once (the proxy answers 413 and aborts the upstream request).
 */
export class BodyLimiter extends Transform {
  #size = 0;
  readonly #source: IncomingMessage;

  constructor(
    source: IncomingMessage,
    readonly limit: number,
    readonly onTooLarge: () => void,
  ) {
    super();
    this.#source = source;
    source.pipe(this);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#size += chunk.length;
    if (this.#size > this.limit) {
      this.#source.unpipe(this);
      this.onTooLarge();
      callback();
      return;
    }
    callback(null, chunk);
  }
}
