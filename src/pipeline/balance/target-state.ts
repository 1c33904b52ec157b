/**
 * One target's live state, shared by the balancers, passive ejection and active health checks,
 * and why a target cannot take requests right now.
 */
import { formatDuration } from './format.js';

/** One target's live state (read-only outside the pools; the pools and health checks update it). */
export interface TargetState {
  /** `host:port`. */
  readonly id: string;
  readonly url: string;
  readonly weight: number;
  /** Requests started and not yet finished (least-connections and p2c read this). */
  readonly inFlight: number;
  /** `false` while active health checks fail; always `true` without active checks. */
  readonly healthy: boolean;
  /** Until when passive ejection keeps the target out (ms since the epoch), or `undefined`. */
  readonly ejectedUntil: number | undefined;
  /** Times passive ejection took the target out, ever. */
  readonly ejections: number;
  /** Requests started, ever. */
  readonly requests: number;
  /** Requests that finished as `http-5xx`, `connect-error` or `timeout`, ever. */
  readonly failures: number;
}

/** The mutable record behind a `TargetState`; only pools and health code write it. */
export interface LiveTarget {
  readonly id: string;
  url: string;
  weight: number;
  inFlight: number;
  healthy: boolean;
  ejectedUntil: number | undefined;
  ejections: number;
  requests: number;
  failures: number;
  /** Passive: failures in a row since the last success. */
  consecutiveFailures: number;
  /** Passive: ejections in the current streak (the back-off exponent); see passive-health.ts. */
  ejectionStreak: number;
  /** Passive: why the last ejection happened (`5 errors`), for reasons. */
  ejectionCause: string;
  /** Passive: how long the last ejection was (ms). */
  ejectionLength: number;
  /** Passive: when the last ejection ended (for resetting the back-off streak). */
  lastEjectionEnd: number | undefined;
  /** Active: probes passed / failed in a row. */
  probePasses: number;
  probeFailures: number;
  /** Active: the last failed probe's detail (`GET /healthz → 503`). */
  probeDetail: string;
}

/** A fresh target: healthy, idle, never ejected. */
export function createLiveTarget(target: { id: string; url: string; weight: number }): LiveTarget {
  return {
    id: target.id,
    url: target.url,
    weight: target.weight,
    inFlight: 0,
    healthy: true,
    ejectedUntil: undefined,
    ejections: 0,
    requests: 0,
    failures: 0,
    consecutiveFailures: 0,
    ejectionStreak: 0,
    ejectionCause: '',
    ejectionLength: 0,
    lastEjectionEnd: undefined,
    probePasses: 0,
    probeFailures: 0,
    probeDetail: '',
  };
}

/** Whether passive ejection keeps `target` out at `now`. */
export function isEjected(target: TargetState, now: number): boolean {
  return target.ejectedUntil !== undefined && target.ejectedUntil > now;
}

/**
 * Why `target` cannot take requests at `now`, or `undefined` if it can:
 * `127.0.0.1:4003: ejected for 30s after 5 errors (12s left)`,
 * `127.0.0.1:4003: failing active health check (3 in a row: GET /healthz → 503)`.
 */
export function unavailableReason(target: LiveTarget, now: number): string | undefined {
  if (!target.healthy) {
    const detail = target.probeDetail ? `: ${target.probeDetail}` : '';
    return `${target.id}: failing active health check (${target.probeFailures} in a row${detail})`;
  }
  if (target.ejectedUntil !== undefined && target.ejectedUntil > now) {
    return (
      `${target.id}: ejected for ${formatDuration(target.ejectionLength)} after ${target.ejectionCause}` +
      ` (${formatDuration(target.ejectedUntil - now)} left)`
    );
  }
  return undefined;
}
