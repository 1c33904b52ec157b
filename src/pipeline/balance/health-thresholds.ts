/**
 * Active health thresholds: `unhealthyThreshold` failed probes in a row make a healthy target
 * unhealthy; `healthyThreshold` passed probes in a row make an unhealthy one healthy again.
 */
import type { ResolvedUpstream } from '../../config/resolved.js';
import type { LiveTarget } from './target-state.js';

export type ActiveSettings = NonNullable<ResolvedUpstream['health']['active']>;

/** What one probe found: passed or not, and a short detail (`GET /healthz → 503`). */
export interface ProbeOutcome {
  readonly passed: boolean;
  readonly detail: string;
}

/** A health change one probe caused. */
export interface HealthChange {
  readonly healthy: boolean;
  /** `failing active health check (3 in a row: GET /healthz → 503)`, `passed active health check (2 in a row)`. */
  readonly reason: string;
}

/** Records a probe's outcome on `target`; returns the health change it caused, if any. */
export function recordProbe(
  target: LiveTarget,
  outcome: ProbeOutcome,
  settings: ActiveSettings,
): HealthChange | undefined {
  if (outcome.passed) {
    target.probePasses++;
    target.probeFailures = 0;
    if (target.healthy || target.probePasses < settings.healthyThreshold) return undefined;
    target.healthy = true;
    target.probeDetail = '';
    return { healthy: true, reason: `passed active health check (${target.probePasses} in a row)` };
  }
  target.probeFailures++;
  target.probePasses = 0;
  target.probeDetail = outcome.detail;
  if (!target.healthy || target.probeFailures < settings.unhealthyThreshold) return undefined;
  target.healthy = false;
  return {
    healthy: false,
    reason: `failing active health check (${target.probeFailures} in a row: ${outcome.detail})`,
  };
}
