/** The live request list: a title, the column headings, and the window of rows that fits. */
import { Box, Text } from 'ink';
import type { ListRow } from '../present/screen.js';
import type { Segment } from '../present/text.js';
import { Line } from './Line.js';
import { RequestRow } from './RequestRow.js';

export interface RequestListProps {
  readonly title: readonly Segment[];
  readonly heading: string;
  readonly rows: readonly ListRow[];
  /** Rows the list occupies (padded when fewer requests are shown). */
  readonly height: number;
  readonly color: boolean;
}

export function RequestList({ title, heading, rows, height, color }: RequestListProps) {
  return (
    <Box flexDirection="column" height={height + 2}>
      <Line segments={title} color={color} />
      <Text wrap="truncate" bold={color}>
        {heading}
      </Text>
      {rows.length === 0 ? (
        <Text dimColor={color}>{'  waiting for requests…'}</Text>
      ) : (
        rows.map((row) => (
          <RequestRow key={row.seq} segments={row.segments} selected={row.selected} color={color} />
        ))
      )}
    </Box>
  );
}
