/**
 * Which requests the list draws: the matching requests up to the newest (or up to where the list
 * was paused), cut to the rows that fit, around the selected one. Only this window is rendered,
 * so a full buffer costs the same to draw as a nearly empty one.
 */
import type { Ring } from '../store/ring.js';
import type { FinishedRequest } from '../store/store.js';
import type { RequestFilter } from './filter.js';

/** The rows to draw, oldest at the top. */
export interface ListWindow {
  readonly seqs: readonly number[];
  /** Requests that match the filter (up to the end of the list). */
  readonly matching: number;
  /** Requests that arrived after the pause point (0 when not paused). */
  readonly hiddenByPause: number;
}

/** Where the list ends: the pause point, or the newest request. */
export function listEnd(ring: Ring<FinishedRequest>, pausedAt: number | undefined): number {
  return pausedAt === undefined ? ring.newestSeq : Math.min(pausedAt, ring.newestSeq);
}

/** Picks the window of `rows` requests to draw; the selected request (by seq) stays in view. */
export function listWindow(
  ring: Ring<FinishedRequest>,
  filter: RequestFilter,
  rows: number,
  selected: number | undefined,
  pausedAt: number | undefined,
): ListWindow {
  const end = listEnd(ring, pausedAt);
  const matches: number[] = [];
  for (let seq = ring.oldestSeq; seq <= end; seq++) {
    const request = ring.at(seq);
    if (request !== undefined && filter(request)) matches.push(seq);
  }
  const hiddenByPause = ring.newestSeq - end;
  const count = Math.max(0, rows);
  const index = selected === undefined ? -1 : matches.indexOf(selected);
  if (index === -1 || matches.length <= count) {
    return {
      seqs: matches.slice(Math.max(0, matches.length - count)),
      matching: matches.length,
      hiddenByPause,
    };
  }
  // Keep the selection in the middle, clamped to the ends of the list.
  const start = Math.min(Math.max(0, index - (count >> 1)), matches.length - count);
  return { seqs: matches.slice(start, start + count), matching: matches.length, hiddenByPause };
}

/**
 * The next request to select: `-1` moves to an older one, `+1` to a newer one. From no selection,
 * ↑ selects the newest. Returns the current selection at either end.
 */
export function stepSelection(
  ring: Ring<FinishedRequest>,
  filter: RequestFilter,
  selected: number | undefined,
  direction: -1 | 1,
  pausedAt: number | undefined,
): number | undefined {
  const end = listEnd(ring, pausedAt);
  const valid = selected !== undefined && ring.at(selected) !== undefined && selected <= end;
  if (!valid) return direction === -1 ? findFrom(ring, filter, end, -1) : undefined;
  return findFrom(ring, filter, selected + direction, direction, end) ?? selected;
}

function findFrom(
  ring: Ring<FinishedRequest>,
  filter: RequestFilter,
  from: number,
  direction: -1 | 1,
  end = ring.newestSeq,
): number | undefined {
  for (let seq = from; seq >= ring.oldestSeq && seq <= end; seq += direction) {
    const request = ring.at(seq);
    if (request !== undefined && filter(request)) return seq;
  }
  return undefined;
}
