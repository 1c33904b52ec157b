/** Fixed-width text for the screen's columns: pad, cut, clock times. Pure, no colour. */

/** A piece of a line and how it should look; components map the tone to a colour (or none). */
export interface Segment {
  readonly text: string;
  readonly tone?: Tone;
}

/** Outcome-based looks, independent of colour: `NO_COLOR` keeps the text and drops the colour. */
export type Tone = 'ok' | 'warn' | 'error' | 'dim' | 'accent' | 'bold';

/** Cuts `text` to `width` columns with `…`, then pads it (left-aligned, or right-aligned). */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  const cut = text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
  return align === 'right' ? cut.padStart(width) : cut.padEnd(width);
}

/** `12:04:31.120` in local time. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** `12:04:31`. */
export function shortClock(ms: number): string {
  return clockTime(ms).slice(0, 8);
}

/** `3 routes`, `1 route`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
