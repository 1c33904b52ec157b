/** HAR 1.2 capture: entries from finished exchanges, an incrementally written file, a whole log. */
import { createRequire } from 'node:module';
import type { HarEntry, HarLog } from './types.js';

export { harEntry } from './entry.js';
export { type HarFile, type HarFileOptions, openHarFile } from './file.js';
export type { GatewayEntryInfo, HarEntry, HarLog } from './types.js';

/** `creator` of every HAR gateway writes. */
export const HAR_CREATOR = {
  name: 'gateway',
  version: (createRequire(import.meta.url)('../../package.json') as { version: string }).version,
} as const;

/** A whole HAR log (the UI's save key). */
export function harLog(entries: readonly HarEntry[]): HarLog {
  return { log: { version: '1.2', creator: HAR_CREATOR, entries } };
}

/** Bodies over this many bytes are recorded by size only. @default 64 KiB */
export const DEFAULT_HAR_BODY_LIMIT = 64 * 1024;
