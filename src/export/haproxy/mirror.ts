/**
 * `mirror`: HAProxy has no request mirroring of its own. The copies need the separate
 * `spoa-mirror` agent fed over SPOE (not in Debian's haproxy package): a finding, and the route
 * is exported without the copies.
 */
import type { ResolvedRoute } from '../../config/resolved.js';
import type { RouteNeeds } from '../analysis.js';
import type { FindingList } from '../types.js';

/** Reports the mirror; returns the message for the comment. */
export function mirrorNote(
  needs: RouteNeeds,
  mirror: NonNullable<ResolvedRoute['mirror']>,
  findings: FindingList,
): string {
  return findings.unsupported(
    `${needs.at}.mirror`,
    `copies of ${mirror.percent}% of requests to "${mirror.upstream}": HAProxy has no request mirroring of its own (it needs the separate spoa-mirror agent over SPOE) — the export forwards without the copies; keep gateway in front for shadow traffic, or run spoa-mirror`,
  );
}
