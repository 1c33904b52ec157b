/**
 * How a tone looks: a colour or weight from the one colour helper (src/format/color.ts), or plain
 * text when colour is off (NO_COLOR, --no-color). A line is painted into one string, so Ink lays
 * out one text node per line rather than one per cell — rendering is the UI's main cost.
 */
import { type Colors, colors } from '../../format/color.js';
import type { Segment, Tone } from './text.js';

const PAINT: Readonly<Record<Tone, keyof Colors>> = {
  ok: 'green',
  warn: 'yellow',
  error: 'red',
  dim: 'dim',
  accent: 'cyan',
  bold: 'bold',
};

/** The segments as one string, each in its tone's colour when `color` is on. */
export function paint(segments: readonly Segment[], color: boolean): string {
  if (!color) {
    let text = '';
    for (const segment of segments) text += segment.text;
    return text;
  }
  const c = colors(true);
  let text = '';
  for (const segment of segments)
    text += segment.tone === undefined ? segment.text : c[PAINT[segment.tone]](segment.text);
  return text;
}
