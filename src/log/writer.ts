/**
 * A line writer that keeps logging off the request path: lines collect in memory and go out in
 * one write per event-loop turn, so a burst of requests costs one syscall, not one per line.
 */
import type { Output } from '../format/output.js';

export interface LineWriter {
  /** Queues one line (without its newline). */
  line(text: string): void;
  /** Writes whatever is queued now (shutdown, tests). */
  flush(): void;
}

/** Creates a batching writer over `out`. */
export function createLineWriter(out: Output): LineWriter {
  let buffer = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (buffer === '') return;
    const text = buffer;
    buffer = '';
    out.write(text);
  };
  return {
    line(text) {
      buffer += `${text}\n`;
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
