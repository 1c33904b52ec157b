/**
 * Per-request random draws in stock Caddy, which has no random matcher: every request gets a
 * random (version 4) UUID, `{http.request.uuid}`, made once and the same for every read. Four of
 * its hex digits are a uniform draw in [0, 65536); a regex over them says "the draw is below N".
 * Draws for different purposes read different digits, so they are independent (as gateway's
 * separate `random()` calls are).
 */
import { dq } from './text.js';

/** Which four hex digits of the UUID a draw reads (the first eight are all random in v4). */
export type RollDigits = 'split' | 'fault';

const OFFSET: Readonly<Record<RollDigits, number>> = { split: 0, fault: 4 };
const HEX = '0123456789abcdef';

/** The resolution of a draw: a share is honoured to within 1/65536. */
export const ROLL_RANGE = 0x10000;

/** The draw threshold (0…65536) for a share in [0, 1]. */
export function rollThreshold(share: number): number {
  return Math.min(ROLL_RANGE, Math.max(0, Math.round(share * ROLL_RANGE)));
}

/**
 * A matcher line true when the draw is below `threshold` (0…65536).
 * @example rollBelow('split', 0x1999) // vars_regexp roll {http.request.uuid} "^(?:0[0-9a-f]{3}|1[0-8][0-9a-f]{2}|…)"
 */
export function rollBelow(digits: RollDigits, threshold: number): string {
  const line = (regex: string) => `vars_regexp roll_${digits} {http.request.uuid} ${dq(regex)}`;
  // Never (a UUID starts with a hex digit) or always, for shares that round to 0 or 1.
  if (threshold <= 0) return line('^-');
  if (threshold >= ROLL_RANGE) return line('^');
  const hex = threshold.toString(16).padStart(4, '0');
  const options: string[] = [];
  for (let i = 0; i < 4; i++) {
    const digit = HEX.indexOf(hex[i]!);
    if (digit === 0) continue;
    const lower = digit === 1 ? '0' : digit <= 10 ? `[0-${digit - 1}]` : `[0-9a-${HEX[digit - 1]}]`;
    const rest = 3 - i;
    options.push(
      `${hex.slice(0, i)}${lower}${rest > 1 ? `[0-9a-f]{${rest}}` : rest === 1 ? '[0-9a-f]' : ''}`,
    );
  }
  const skip = OFFSET[digits] > 0 ? `[0-9a-f]{${OFFSET[digits]}}` : '';
  return line(`^${skip}(?:${options.join('|')})`);
}
