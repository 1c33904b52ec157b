/**
 * Column layout by priority: the columns that fit in the terminal's width, most important first,
 * shown in their natural order. Flexible columns share what is left. This is how an 80-column
 * terminal stays readable: the time and auth columns go before the path and status do.
 */
import { fit, type Segment } from './text.js';

export interface Column<K extends string = string> {
  readonly key: K;
  readonly title: string;
  /** Width in columns (the minimum, for flexible columns). */
  readonly width: number;
  /** 1 is kept longest. */
  readonly priority: number;
  /** Shares the width left over, in proportion to `flex`. */
  readonly flex?: number;
  readonly align?: 'left' | 'right';
}

/** A column with its final width. */
export interface PlacedColumn<K extends string = string> extends Column<K> {
  readonly size: number;
}

/** Columns are separated by one space. */
export const GAP = 1;

/** Picks and sizes the columns that fit in `width`. */
export function layoutColumns<K extends string>(
  columns: readonly Column<K>[],
  width: number,
): readonly PlacedColumn<K>[] {
  const byPriority = [...columns].sort((a, b) => a.priority - b.priority);
  const kept = new Set<Column<K>>();
  let used = 0;
  for (const column of byPriority) {
    const cost = column.width + (kept.size > 0 ? GAP : 0);
    if (used + cost > width) continue;
    kept.add(column);
    used += cost;
  }
  const placed = columns.filter((c) => kept.has(c));
  const flexTotal = placed.reduce((sum, c) => sum + (c.flex ?? 0), 0);
  let spare = Math.max(0, width - used);
  let flexLeft = flexTotal;
  return placed.map((column) => {
    if (!column.flex || flexLeft === 0) return { ...column, size: column.width };
    // The last flexible column takes the rounding remainder.
    const extra = flexLeft === column.flex ? spare : Math.floor((spare * column.flex) / flexLeft);
    spare -= extra;
    flexLeft -= column.flex;
    return { ...column, size: column.width + extra };
  });
}

/** One row's cells, each fitted to its placed column and separated by a gap. */
export function rowSegments<R, K extends string>(
  row: R,
  columns: readonly PlacedColumn<K>[],
  cellOf: (row: R, key: K) => Segment,
): Segment[] {
  const segments: Segment[] = [];
  for (const column of columns) {
    if (segments.length > 0) segments.push({ text: ' '.repeat(GAP) });
    const cell = cellOf(row, column.key);
    segments.push({ text: fit(cell.text, column.size, column.align), tone: cell.tone });
  }
  return segments;
}
