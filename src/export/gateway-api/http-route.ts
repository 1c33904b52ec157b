/**
 * One `HTTPRoute` per gateway route (hostnames are per HTTPRoute). Its rules: the route's matches
 * with its filters (rewrite, request and response header edits, mirror, or a redirect) and its
 * backends — plus a rule per side for a split's pin, and a rule per match where a prefix is
 * replaced (CEL allows `ReplacePrefixMatch` with exactly one `PathPrefix` match).
 */
import type { ConfigAnalysis, RouteNeeds } from '../analysis.js';
import { reportUnknown } from '../shared/unknown.js';
import type { FindingList } from '../types.js';
import { type Backends, ruleTarget } from './backends.js';
import { CLIENT_CONDITION_KEYS, reportClientConditions } from './client-conditions.js';
import { routeFilters } from './filters.js';
import { grpcRoute, isGrpcPassThrough } from './grpc-route.js';
import { type HttpRouteMatch, routeMatches } from './matches.js';
import { mirrorFilter } from './mirror.js';
import { duration, kubeName } from './names.js';
import { reportMock, reportPolicies } from './no-standard-form.js';
import { replacesPrefix } from './path-modifier.js';
import { redirectFilter } from './redirect.js';
import { responseHeaderFilter } from './response-headers.js';

export const GATEWAY = 'gateway';

/** Route keys the shared analysis does not know that this exporter translates (or reports) itself. */
const EXPORTED = new Set([
  'redirect',
  'split',
  'mirror',
  'responseHeaders',
  'rateLimit',
  'fault',
  'mock',
  'rewrite.host',
  ...CLIENT_CONDITION_KEYS,
]);

/** An HTTPRoute has at most 16 rules. */
const MAX_RULES = 16;

/**
 * The route's HTTPRoute — or GRPCRoute, for gRPC calls forwarded as they are — (`undefined` when
 * it is left out) and the upstreams it refers to.
 */
export function httpRoute(
  needs: RouteNeeds,
  analysis: ConfigAnalysis,
  findings: FindingList,
): { object: unknown; upstreams: readonly string[] } {
  const none = { object: undefined, upstreams: [] };
  const { route } = needs;
  const grpc = isGrpcPassThrough(needs);
  reportUnknown(needs, findings, 'Gateway API', grpc ? new Set([...EXPORTED, 'match.grpc']) : EXPORTED);
  if (reportClientConditions(needs, findings)) return none;
  const action = needs.action;
  if (route.mock) {
    reportMock(needs, route.mock, findings);
    return none;
  }
  if (action.kind === 'static' || action.kind === 'health') {
    findings.unsupported(
      `${needs.at}.respond`,
      `an answer made by the gateway (${action.kind === 'health' ? 'health' : `status ${action.status}`}): HTTPRoute has no direct response — serve it from a small backend Service`,
    );
    return none;
  }
  if (needs.auth) {
    findings.unsupported(
      `${needs.at}.auth`,
      `auth (${needs.auth.providers.map((p) => p.type).join(', ')}): Gateway API's standard channel has none — use your implementation's policy (Envoy Gateway SecurityPolicy, Istio RequestAuthentication, …)`,
    );
  }
  if (action.kind === 'upstream' && action.transform) {
    findings.unsupported(
      needs.at,
      `REST→${action.transform === 'grpc' ? 'gRPC' : 'SOAP'} transcoding: Gateway API routes requests, it does not translate them${action.transform === 'grpc' ? ' (a GRPCRoute fits clients that already speak gRPC)' : ''}`,
    );
    return none;
  }
  if (grpc) {
    reportPolicies(needs, findings);
    return grpcRoute(needs, analysis, findings, GATEWAY, hostnamesOf(needs, findings));
  }
  const redirect = route.redirect ? redirectFilter(needs, findings) : undefined;
  const target = redirect ? undefined : ruleTarget(needs, analysis, findings);
  if (!redirect && !target) return none;
  reportPolicies(needs, findings);
  if (needs.cors) {
    findings.approximate(
      `${needs.at}.cors`,
      "CORS: the HTTPRoute CORS filter is experimental — set it with your implementation's policy",
    );
  }
  const hostnames = hostnamesOf(needs, findings);
  const mirror = redirect ? undefined : mirrorFilter(needs, analysis, findings);
  // Request side first (rewrite, header edits, the copy of the request as forwarded), then the answer.
  const filters = [
    ...(redirect ? [redirect] : routeFilters(needs, findings)),
    ...(mirror ? [mirror.filter] : []),
    ...[responseHeaderFilter(needs, findings)].filter(Boolean),
  ];
  const rules = buildRules(routeMatches(needs, findings), filters, target);
  if (rules.length > MAX_RULES)
    findings.unsupported(
      `${needs.at}.match`,
      `the route needs ${rules.length} rules (methods × pinned sides), an HTTPRoute holds ${MAX_RULES} — the last ${rules.length - MAX_RULES} are left out`,
    );
  return {
    object: {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: {
        name: kubeName(route.name),
        annotations: { 'gateway.dev/route': `${route.name} (${needs.at}, evaluated ${needs.rank + 1})` },
      },
      spec: {
        parentRefs: [{ name: GATEWAY }],
        ...(hostnames.length > 0 && { hostnames }),
        rules: rules.slice(0, MAX_RULES),
      },
    },
    upstreams: [...(target?.upstreams ?? []), ...(mirror ? [mirror.upstream] : [])],
  };
}

function buildRules(
  matches: readonly HttpRouteMatch[],
  filters: readonly unknown[],
  target: ReturnType<typeof ruleTarget>,
): Record<string, unknown>[] {
  // Pinned rules first: they are more specific anyway, and list order breaks any tie.
  const sets: { matches: readonly HttpRouteMatch[]; backends: Backends | undefined }[] = [
    ...(target?.pins ?? []).map((pin) => ({
      matches: matches.map((m) => ({ ...m, headers: [...(m.headers ?? []), pin.header] })),
      backends: pin,
    })),
    { matches, backends: target?.main },
  ];
  const onePerMatch = replacesPrefix(filters);
  return sets.flatMap(({ matches, backends }) =>
    (onePerMatch ? matches.map((m) => [m]) : [matches]).map((group) => ({
      matches: group,
      ...(filters.length > 0 && { filters }),
      ...(backends && {
        backendRefs: backends.backendRefs,
        timeouts: { request: duration(backends.timeout) },
      }),
    })),
  );
}

function hostnamesOf(needs: RouteNeeds, findings: FindingList): string[] {
  const out: string[] = [];
  for (const host of needs.route.match.host ?? []) {
    if (typeof host !== 'string')
      findings.unsupported(
        `${needs.at}.match.host`,
        `host RegExp ${host}: HTTPRoute hostnames are exact or *.wildcard`,
      );
    else if (/^[\d.]+$|:/.test(host))
      findings.approximate(
        `${needs.at}.match.host`,
        `host "${host}" is an IP address, which HTTPRoute hostnames cannot be — left out`,
      );
    else out.push(host);
  }
  return out;
}
