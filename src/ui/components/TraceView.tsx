/** One request's trace: the lines `gateway explain` prints for its Decision, and how it ended. */
import { Box, Text } from 'ink';
import type { Segment } from '../present/text.js';
import { Line } from './Line.js';

export interface TraceViewProps {
  readonly title: readonly Segment[];
  /** Already formatted (by `formatDecision`), colour codes included when colour is on. */
  readonly lines: readonly string[];
  readonly height: number;
  readonly color: boolean;
}

export function TraceView({ title, lines, height, color }: TraceViewProps) {
  return (
    <Box flexDirection="column" height={height}>
      <Line segments={title} color={color} />
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: trace lines are positional
        <Text key={i} wrap="truncate">
          {line}
        </Text>
      ))}
    </Box>
  );
}
