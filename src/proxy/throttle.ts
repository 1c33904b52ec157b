/**
 * Sends a response's body no faster than a bandwidth, whoever writes it (the upstream's answer
 * streamed by `UpstreamTry`, or an answer of the gateway's own). `write` and `end` of that one
 * response queue their chunks, and a 100 ms tick lets a tenth of a second's worth through;
 * `write` reports back-pressure until the queue is empty, so a streaming upstream is paused
 * instead of buffered.
 */
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

const TICK_MS = 100;

/** Limits `res` to `bytesPerSecond` from now on. */
export function throttleResponse(res: ServerResponse, bytesPerSecond: number): void {
  const write = res.write.bind(res) as (chunk: Buffer) => boolean;
  const end = res.end.bind(res) as () => ServerResponse;
  const perTick = Math.max(1, Math.floor((bytesPerSecond * TICK_MS) / 1000));
  const queue: Buffer[] = [];
  let timer: NodeJS.Timeout | undefined;
  let ending = false;
  let ended = false;
  /** When the last tick let bytes through: the next may not come sooner than a tick later. */
  let lastTick = Number.NEGATIVE_INFINITY;

  const tick = () => {
    timer = undefined;
    lastTick = performance.now();
    let budget = perTick;
    while (budget > 0 && queue.length > 0) {
      const chunk = queue[0]!;
      if (chunk.length <= budget) {
        queue.shift();
        write(chunk);
        budget -= chunk.length;
      } else {
        write(chunk.subarray(0, budget));
        queue[0] = chunk.subarray(budget);
        budget = 0;
      }
    }
    if (queue.length > 0) timer = setTimeout(tick, TICK_MS);
    else if (ending && !ended) {
      ended = true;
      end();
    } else res.emit('drain');
  };
  const schedule = () => {
    timer ??= setTimeout(tick, Math.max(0, lastTick + TICK_MS - performance.now()));
  };

  res.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
    queue.push(toBuffer(chunk, encoding));
    schedule();
    if (typeof callback === 'function') (callback as () => void)();
    else if (typeof encoding === 'function') (encoding as () => void)();
    return false;
  }) as ServerResponse['write'];
  res.end = ((chunk?: unknown, encoding?: unknown, callback?: unknown) => {
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function')
      queue.push(toBuffer(chunk, encoding));
    ending = true;
    if (queue.length === 0) {
      ended = true;
      end();
    } else schedule();
    const done = [chunk, encoding, callback].find((c) => typeof c === 'function') as (() => void) | undefined;
    if (done) res.once('finish', done);
    return res;
  }) as ServerResponse['end'];
  res.once('close', () => {
    if (timer !== undefined) clearTimeout(timer);
    queue.length = 0;
  });
}

function toBuffer(chunk: unknown, encoding: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
}
