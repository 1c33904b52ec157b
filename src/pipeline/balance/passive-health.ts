/**
 * Passive outlier ejection: real traffic that fails takes a target out for a while.
 * `consecutiveFailures` failures in a row (5xx answers, connection errors, timeouts) eject the
 * target for `baseEjection × 2^(n-1)`, capped at `maxEjection`, where n counts the ejections in the
 * current streak. The streak resets once a target has stayed in for `maxEjection` since its last
 * ejection ended, so a target that fails once a day isn't punished like one that flaps.
 * Pure apart from updating the target record it is given; the pools emit the events.
 */
import type { ResolvedUpstream } from '../../config/resolved.js';
import type { RequestResult } from './api.js';
import { formatDuration } from './format.js';
import type { LiveTarget } from './target-state.js';

export type PassiveSettings = NonNullable<ResolvedUpstream['health']['passive']>;

/** An ejection that just happened. */
export interface Ejection {
  /** Ms since the epoch. */
  readonly until: number;
  /** `5 errors in a row (last: http 503), out for 30s`. */
  readonly reason: string;
}

/** Results that count against a target. `aborted` (the client left) says nothing about it. */
export function isFailure(result: RequestResult): boolean {
  return result === 'http-5xx' || result === 'connect-error' || result === 'timeout';
}

/** How long the `streak`-th ejection in a row lasts. */
export function ejectionDuration(settings: PassiveSettings, streak: number): number {
  return Math.min(settings.baseEjection * 2 ** Math.max(0, streak - 1), settings.maxEjection);
}

/**
 * Records one finished request against `target` and ejects it when this failure completes a run
 * of `consecutiveFailures`. Returns the ejection, or `undefined`.
 */
export function recordPassiveResult(
  target: LiveTarget,
  result: RequestResult,
  settings: PassiveSettings | undefined,
  now: number,
): Ejection | undefined {
  if (result === 'success') {
    target.consecutiveFailures = 0;
    return undefined;
  }
  if (!settings || !isFailure(result)) return undefined;
  // Requests that were in flight when the target was ejected still finish; they neither extend
  // the ejection nor start the next run.
  if (target.ejectedUntil !== undefined && target.ejectedUntil > now) return undefined;
  target.consecutiveFailures++;
  if (target.consecutiveFailures < settings.consecutiveFailures) return undefined;

  if (target.lastEjectionEnd !== undefined && now - target.lastEjectionEnd >= settings.maxEjection) {
    target.ejectionStreak = 0;
  }
  target.ejectionStreak++;
  target.ejections++;
  const length = ejectionDuration(settings, target.ejectionStreak);
  const count = target.consecutiveFailures;
  target.consecutiveFailures = 0;
  target.ejectedUntil = now + length;
  target.ejectionLength = length;
  target.ejectionCause = `${count} error${count === 1 ? '' : 's'}`;
  const repeat = target.ejectionStreak > 1 ? `, ejection ${target.ejectionStreak} in a row` : '';
  return {
    until: target.ejectedUntil,
    reason: `${count} errors in a row (last: ${result}), out for ${formatDuration(length)}${repeat}`,
  };
}

/** Ends `target`'s ejection if it is over at `now`; returns whether it did. */
export function readmitIfDue(target: LiveTarget, now: number): boolean {
  if (target.ejectedUntil === undefined || target.ejectedUntil > now) return false;
  target.lastEjectionEnd = target.ejectedUntil;
  target.ejectedUntil = undefined;
  return true;
}

/** Ends `target`'s ejection now (it came back and passed its active health checks). */
export function readmitNow(target: LiveTarget, now: number): boolean {
  if (target.ejectedUntil === undefined) return false;
  target.lastEjectionEnd = now;
  target.ejectedUntil = undefined;
  return true;
}
