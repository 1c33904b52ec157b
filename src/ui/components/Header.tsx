/** The top line: where the gateway listens, the config file, and the last reload. */
import type { Segment } from '../present/text.js';
import { Line } from './Line.js';

export interface HeaderProps {
  readonly segments: readonly Segment[];
  readonly color: boolean;
}

export function Header({ segments, color }: HeaderProps) {
  return <Line segments={segments} color={color} />;
}
