/** A titled table (the routes and upstreams panels share this shape). */
import { Box, Text } from 'ink';
import type { Segment } from '../present/text.js';
import { Line } from './Line.js';

export interface TablePanelProps {
  readonly title: readonly Segment[];
  readonly heading: string;
  readonly rows: readonly (readonly Segment[])[];
  readonly width: number;
  readonly color: boolean;
}

export function TablePanel({ title, heading, rows, width, color }: TablePanelProps) {
  return (
    <Box flexDirection="column" width={width}>
      <Line segments={title} color={color} />
      <Text wrap="truncate" bold={color}>
        {heading}
      </Text>
      {rows.map((segments, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional (the table's order)
        <Line key={i} segments={segments} color={color} />
      ))}
    </Box>
  );
}
