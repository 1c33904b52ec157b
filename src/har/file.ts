/**
 * `--har FILE`: entries appended to a HAR file that is valid JSON after every write. The file is
 * written once as an empty log; each batch of entries then overwrites the closing `]}}` with
 * `,entry…]}}` in one positional write. Nothing is kept in memory past the write, and a gateway
 * that is killed leaves a HAR that every viewer opens (at worst without its last batch).
 */
import { type FileHandle, open } from 'node:fs/promises';
import type { HarEntry } from './types.js';

/** An open HAR file. */
export interface HarFile {
  readonly path: string;
  /** Queues `entry`; it is written with the others of this event-loop turn. */
  add(entry: HarEntry): void;
  /** Entries written so far. */
  readonly written: number;
  /** Entries dropped because the disk fell behind by more than `maxPending` (or writing failed). */
  readonly dropped: number;
  /** Writes what is queued and closes the file. */
  close(): Promise<void>;
}

export interface HarFileOptions {
  readonly creator: { readonly name: string; readonly version: string };
  /** Called once with the first write error; later entries are dropped. */
  readonly onError?: (error: Error) => void;
  /** Entries queued while a write is in progress, at most. @default 10000 */
  readonly maxPending?: number;
}

const TAIL = Buffer.from('\n]}}\n');

/** Creates (or truncates) `path` as an empty HAR 1.2 log. Rejects when the file cannot be written. */
export async function openHarFile(path: string, options: HarFileOptions): Promise<HarFile> {
  const file: FileHandle = await open(path, 'w');
  const head = Buffer.from(
    `{"log":{"version":"1.2","creator":${JSON.stringify(options.creator)},"entries":[\n`,
  );
  await file.write(Buffer.concat([head, TAIL]), 0, head.length + TAIL.length, 0);
  const maxPending = options.maxPending ?? 10_000;
  let offset = head.length;
  let pending: string[] = [];
  let written = 0;
  let dropped = 0;
  let failed = false;
  let chain: Promise<void> = Promise.resolve();
  let scheduled = false;

  const writeBatch = async (): Promise<void> => {
    scheduled = false;
    if (pending.length === 0 || failed) return;
    const batch = pending;
    pending = [];
    const text = (written === 0 ? '' : ',\n') + batch.join(',\n');
    const bytes = Buffer.concat([Buffer.from(text), TAIL]);
    try {
      await file.write(bytes, 0, bytes.length, offset);
      offset += bytes.length - TAIL.length;
      written += batch.length;
    } catch (error) {
      failed = true;
      dropped += batch.length;
      options.onError?.(error as Error);
    }
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      chain = chain.then(writeBatch);
    });
  };

  return {
    path,
    add(entry) {
      if (failed || pending.length >= maxPending) {
        dropped++;
        return;
      }
      pending.push(JSON.stringify(entry));
      schedule();
    },
    get written() {
      return written;
    },
    get dropped() {
      return dropped;
    },
    async close() {
      await new Promise<void>((resolve) => setImmediate(resolve));
      chain = chain.then(writeBatch);
      await chain;
      await file.close();
    },
  };
}
