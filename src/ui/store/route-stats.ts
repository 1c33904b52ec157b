/**
 * Per-route counters for the routes panel, with bounded memory: hits, errors, and the median of
 * the most recent durations, kept in a fixed-size window (a reservoir of the last
 * `RECENT_DURATIONS` answers) so a long session costs the same as a short one.
 */

/** How many recent durations the median is taken over. */
export const RECENT_DURATIONS = 128;

/** One route's counters. Mutated in place by `recordRequest`: one event costs a few stores. */
export interface RouteStats {
  hits: number;
  /** Answers ≥ 500, and exchanges that ended without an answer (status 0). */
  errors: number;
  /** Ring of recent durations (ms); `recorded` says how many slots are filled so far. */
  readonly durations: Float64Array;
  recorded: number;
}

/** Fresh counters for a route. */
export function createRouteStats(): RouteStats {
  return { hits: 0, errors: 0, durations: new Float64Array(RECENT_DURATIONS), recorded: 0 };
}

/** Counts one finished request: O(1), no allocation. */
export function recordRequest(stats: RouteStats, status: number, durationMs: number): void {
  stats.hits++;
  if (isErrorStatus(status)) stats.errors++;
  stats.durations[stats.recorded % RECENT_DURATIONS] = durationMs;
  stats.recorded++;
}

/** True when the request counts as an error in the routes panel. */
export function isErrorStatus(status: number): boolean {
  return status === 0 || status >= 500;
}

/**
 * The median of the recent durations, or `undefined` before the first request.
 * Called at render time (at most a few times a second), never per event.
 */
export function medianDuration(stats: RouteStats): number | undefined {
  const n = Math.min(stats.recorded, RECENT_DURATIONS);
  if (n === 0) return undefined;
  const sorted = stats.durations.slice(0, n).sort();
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
