/** One request in the list; the selected one has a `›` marker (and reverse video with colour). */
import type { Segment } from '../present/text.js';
import { Line } from './Line.js';

export interface RequestRowProps {
  readonly segments: readonly Segment[];
  readonly selected: boolean;
  readonly color: boolean;
}

export function RequestRow({ segments, selected, color }: RequestRowProps) {
  const marker: Segment = { text: selected ? '› ' : '  ', tone: selected ? 'bold' : undefined };
  return <Line segments={[marker, ...segments]} color={color} inverse={selected} />;
}
