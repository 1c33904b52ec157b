/** Durations and sizes as users write them (`'30s'`, `'10mb'`) → milliseconds and bytes. */
import type { Duration, Size } from './schema/index.js';

const durationUnits: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const sizeUnits: Readonly<Record<string, number>> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** `250` → 250, `'250ms'` → 250, `'30s'` → 30000, `'5m'`, `'1h'`. The schema has checked the syntax. */
export function toMilliseconds(duration: Duration): number {
  return typeof duration === 'number' ? duration : withUnit(duration, durationUnits);
}

/** `65536` → 65536, `'64kb'` → 65536 (1kb = 1024 bytes), `'10mb'`, `'1gb'`. */
export function toBytes(size: Size): number {
  return typeof size === 'number' ? size : withUnit(size, sizeUnits);
}

function withUnit(text: string, units: Readonly<Record<string, number>>): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(text.trim());
  const factor = match ? units[match[2]!.toLowerCase()] : undefined;
  // The schema's regex only lets known units through, so this is a bug if it happens.
  if (!match || factor === undefined) throw new Error(`unparsable quantity ${JSON.stringify(text)}`);
  return Math.round(Number(match[1]) * factor);
}
