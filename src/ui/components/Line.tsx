/** One line of segments, each in its tone; cut (never wrapped) at the terminal's width. */
import { Text } from 'ink';
import { paint } from '../present/tone.js';
import type { Segment } from '../present/text.js';

export interface LineProps {
  readonly segments: readonly Segment[];
  readonly color: boolean;
  /** Reverse video for the whole line (the selected request), when colour is on. */
  readonly inverse?: boolean;
}

/** Renders segments side by side on one line, as a single text node. */
export function Line({ segments, color, inverse = false }: LineProps) {
  return (
    <Text wrap="truncate" inverse={color && inverse}>
      {paint(segments, color)}
    </Text>
  );
}
