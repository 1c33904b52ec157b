/** The `?` screen: every key and what it does. */
import { Box } from 'ink';
import type { Segment } from '../present/text.js';
import { Line } from './Line.js';

export interface HelpViewProps {
  readonly lines: readonly (readonly Segment[])[];
  readonly height: number;
  readonly color: boolean;
}

export function HelpView({ lines, height, color }: HelpViewProps) {
  return (
    <Box flexDirection="column" height={height}>
      {lines.map((segments, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the key list is fixed
        <Line key={i} segments={segments} color={color} />
      ))}
    </Box>
  );
}
