/**
 * Route conditions HTTPRoute has no match for: the client address (`match.clientIp`) and a
 * share of callers (`match.sample`). A rule without them would take every caller — wider than
 * the route, so the route is left out (fail closed) with a finding saying what to use instead.
 */
import type { RouteNeeds } from '../analysis.js';
import type { FindingList } from '../types.js';

/** Route keys reported here (added to the HTTPRoute's `EXPORTED`). */
export const CLIENT_CONDITION_KEYS = ['match.clientIp', 'match.sample'] as const;

/** Reports the route's client conditions; `true` when the route must be left out. */
export function reportClientConditions(needs: RouteNeeds, findings: FindingList): boolean {
  const { clientIp, sample } = needs.route.match;
  if (clientIp)
    findings.unsupported(
      `${needs.at}.match.clientIp`,
      `client addresses (${clientIp.join(', ')}): HTTPRoute has no match on the client address, and a rule without it would take every client — the route is left out; restrict the route with your implementation's policy instead (Envoy Gateway SecurityPolicy authorization with clientCIDRs, Istio AuthorizationPolicy remoteIpBlocks)`,
    );
  if (sample)
    findings.unsupported(
      `${needs.at}.match.sample`,
      `a sample of ${Math.round(sample.rate * 10000) / 100}% of callers: HTTPRoute has no match on a hash of the caller — the route is left out; weighted backendRefs (a split, \`upstream: [{ name, weight }]\`) share requests instead, drawn per request, not per caller`,
    );
  return clientIp !== undefined || sample !== undefined;
}
