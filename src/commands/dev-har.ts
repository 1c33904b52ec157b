/** `gateway dev --har FILE`: the HAR file opened before the server starts, fed by `request-finished`. */
import { relative, resolve } from 'node:path';
import type { GatewayEventBus } from '../events.js';
import type { RouteTable } from '../pipeline/table.js';
import type { CommandIO } from './io.js';

/** The running `--har` recorder. */
export interface HarRecorder {
  /** Capture limit for bodies (the server records this much of each). */
  readonly maxBodyBytes: number;
  /** Writes what is queued, closes the file and says what was written. */
  close(): Promise<string>;
}

/** Opens `file` and subscribes it; `ok: false` with a message when the file cannot be written. */
export async function openHar(
  file: string,
  io: CommandIO,
  events: GatewayEventBus,
  getTable: () => RouteTable | undefined,
): Promise<{ ok: true; recorder: HarRecorder } | { ok: false; message: string }> {
  // Loaded only with --har.
  const { DEFAULT_HAR_BODY_LIMIT, HAR_CREATOR, harEntry, openHarFile } = await import('../har/index.js');
  const path = resolve(io.cwd, file);
  const shown = relative(io.cwd, path).startsWith('..') ? path : relative(io.cwd, path);
  let har: Awaited<ReturnType<typeof openHarFile>>;
  try {
    har = await openHarFile(path, {
      creator: HAR_CREATOR,
      onError: (error) => io.stderr.write(`gateway: cannot write the HAR file ${shown}: ${error.message}\n`),
    });
  } catch (error) {
    return { ok: false, message: `cannot write the HAR file ${shown}: ${(error as Error).message}` };
  }
  const off = events.on('request-finished', (event) => har.add(harEntry(event, getTable())));
  return {
    ok: true,
    recorder: {
      maxBodyBytes: DEFAULT_HAR_BODY_LIMIT,
      async close() {
        off();
        await har.close();
        const dropped = har.dropped > 0 ? ` (${har.dropped} dropped)` : '';
        return `HAR: ${har.written} ${har.written === 1 ? 'entry' : 'entries'} written to ${shown}${dropped}`;
      },
    },
  };
}
