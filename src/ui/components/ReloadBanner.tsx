/** The error of the last failed reload, with file:line, shown until a reload succeeds. */
import { Box } from 'ink';
import type { Segment } from '../present/text.js';
import { Line } from './Line.js';

export interface ReloadBannerProps {
  readonly lines: readonly (readonly Segment[])[];
  readonly color: boolean;
}

export function ReloadBanner({ lines, color }: ReloadBannerProps) {
  if (lines.length === 0) return null;
  return (
    <Box flexDirection="column">
      {lines.map((segments, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the banner's lines never reorder
        <Line key={i} segments={segments} color={color} />
      ))}
    </Box>
  );
}
