/**
 * Where a rule sends requests: one upstream's Service, or a traffic split as weighted
 * `backendRefs` (weights are shares, as gateway's). A split's `pin` becomes one extra rule per
 * side whose matches also require the pin (`x-canary: orders-v2`): Gateway API ranks a match with
 * more header matches first, so a pinned request takes its side and the rest are weighted.
 */
import type { ConfigAnalysis, RouteNeeds, UpstreamNeeds } from '../analysis.js';
import { escapeRegex } from '../path-regex.js';
import { seconds } from '../shared/text.js';
import type { FindingList } from '../types.js';
import type { HttpRouteMatch } from './matches.js';
import { backendRef } from './services.js';

type HeaderMatch = NonNullable<HttpRouteMatch['headers']>[number];
type BackendRef = { name: string; port: number; weight?: number };

/** A set of backends and the request timeout of the rule that sends to them. */
export interface Backends {
  readonly backendRefs: readonly BackendRef[];
  /** Milliseconds. */
  readonly timeout: number;
}

/** The route's backends: `main` for its own matches, `pins` for the extra pinned rules. */
export interface RuleTarget {
  readonly main: Backends;
  readonly pins: readonly (Backends & { readonly header: HeaderMatch })[];
  /** Upstream names the rules refer to (each needs its Service). */
  readonly upstreams: readonly string[];
}

/** The backends of a route forwarding to one upstream or splitting between several. */
export function ruleTarget(
  needs: RouteNeeds,
  analysis: ConfigAnalysis,
  findings: FindingList,
): RuleTarget | undefined {
  const find = (name: string) => analysis.upstreams.find((u) => u.upstream.name === name)!;
  const timeout = (u: UpstreamNeeds) => needs.route.timeout ?? u.upstream.timeouts.response;
  const split = needs.route.split;
  if (split === undefined) {
    if (needs.action.kind !== 'upstream') return undefined;
    const upstream = find(needs.action.upstream);
    return {
      main: { backendRefs: [backendRef(upstream)], timeout: timeout(upstream) },
      pins: [],
      upstreams: [upstream.upstream.name],
    };
  }
  const sides = split.upstreams.map((side) => ({ ...side, needs: find(side.name) }));
  const timeouts = sides.map((side) => timeout(side.needs));
  const longest = Math.max(...timeouts);
  if (new Set(timeouts).size > 1)
    findings.approximate(
      `${needs.at}.split`,
      `the sides' response timeouts differ (${sides.map((s, i) => `${s.name} ${seconds(timeouts[i]!)}`).join(', ')}): a rule has one request timeout — the weighted rule uses the longest, each pinned rule its side's`,
    );
  return {
    main: {
      backendRefs: sides.map((side) => ({ ...backendRef(side.needs), weight: side.weight })),
      timeout: longest,
    },
    pins: pinRules(needs, sides, findings).map(({ side, header, backendRefs }) => ({
      header,
      backendRefs,
      timeout: timeouts[sides.findIndex((s) => s.name === side)]!,
    })),
    upstreams: sides.map((side) => side.name),
  };
}

function pinRules(
  needs: RouteNeeds,
  sides: readonly { name: string; needs: UpstreamNeeds }[],
  findings: FindingList,
): { side: string; header: HeaderMatch; backendRefs: BackendRef[] }[] {
  const pin = needs.route.split!.pin;
  if (pin === undefined) return [];
  const at = `${needs.at}.split.pin`;
  const header = pin.kind === 'header' ? pin.name : 'cookie';
  if (needs.route.match.headers[header] !== undefined) {
    findings.unsupported(
      at,
      `the route already matches the "${header}" header, and a match considers only the first entry of one name — the pin is left out`,
    );
    return [];
  }
  if (pin.kind === 'cookie')
    findings.approximate(
      at,
      `pin cookie "${pin.name}": matched by a RegularExpression on the Cookie header (implementation-specific), and nothing sets it — a caller without it is not kept on the side it was given`,
    );
  return sides.map((side) => ({
    side: side.name,
    header:
      pin.kind === 'header'
        ? { type: 'Exact', name: pin.name, value: side.name }
        : {
            type: 'RegularExpression',
            name: 'cookie',
            value: `(^|;\\s*)${escapeRegex(pin.name)}=${escapeRegex(side.name)}(;|$)`,
          },
    backendRefs: [backendRef(side.needs)],
  }));
}
