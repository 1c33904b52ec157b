/**
 * A server-streaming call as chunks for the client: NDJSON (one JSON message per line) or, when
 * the client accepts `text/event-stream`, SSE (`data: {...}` events). An error after the first
 * message cannot change the status any more, so it ends the stream with an error record:
 * `{"error":{…problem…}}` in NDJSON, `event: error` in SSE.
 */

/** The two streamed formats. */
export type StreamFormat = 'ndjson' | 'sse';

/** `sse` when the Accept header asks for `text/event-stream`. */
export function streamFormat(accept: string | undefined): StreamFormat {
  return accept?.toLowerCase().includes('text/event-stream') ? 'sse' : 'ndjson';
}

/** Response headers for a format. */
export function streamHeaders(format: StreamFormat): Record<string, string> {
  return format === 'sse'
    ? { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' }
    : { 'content-type': 'application/x-ndjson; charset=utf-8' };
}

/** One message as a chunk. */
export function messageChunk(format: StreamFormat, message: unknown): string {
  const json = JSON.stringify(message);
  return format === 'sse' ? `data: ${json}\n\n` : `${json}\n`;
}

/** The closing chunk for an error after the stream began. */
export function errorChunk(format: StreamFormat, problem: unknown): string {
  const json = JSON.stringify(problem);
  return format === 'sse' ? `event: error\ndata: ${json}\n\n` : `${JSON.stringify({ error: problem })}\n`;
}

type Item<T> = { value: T } | { done: true } | { error: unknown };

/**
 * A push-to-pull queue: producers `push`/`end`/`fail`, one consumer iterates. `onReturn` runs
 * when the consumer stops early (the client went away), to cancel the call.
 */
export class ChunkQueue<T> implements AsyncIterable<T> {
  readonly #items: Item<T>[] = [];
  #wake: (() => void) | undefined;
  #finished = false;
  readonly #onReturn: () => void;

  constructor(onReturn: () => void) {
    this.#onReturn = onReturn;
  }

  push(value: T): void {
    this.#add({ value });
  }

  end(): void {
    this.#add({ done: true });
  }

  #add(item: Item<T>): void {
    if (this.#finished) return;
    if ('done' in item) this.#finished = true;
    this.#items.push(item);
    this.#wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let completed = false;
    try {
      while (true) {
        const item = this.#items.shift();
        if (!item) {
          await new Promise<void>((resolve) => {
            this.#wake = resolve;
          });
          this.#wake = undefined;
          continue;
        }
        if ('done' in item) {
          completed = true;
          return;
        }
        if ('error' in item) throw item.error;
        yield item.value;
      }
    } finally {
      if (!completed) this.#onReturn();
    }
  }
}
