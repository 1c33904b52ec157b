/**
 * A `GRPCRoute` for a route that takes gRPC calls only (`match.grpc: true`) and forwards them
 * as they are. A gRPC call's path is `/package.Service/Method`, so the route's path becomes a
 * service and method match: `/shop.v1.Cart/Get` (exact) → service and method, `/shop.v1.Cart/**`
 * or the byte prefix `/shop.v1.Cart/` → the service, a byte prefix cutting through a name
 * (`/shop.v1.`) → a `RegularExpression` on the service. gRPC has no URL to rewrite, so a rewrite
 * is a finding; header conditions, response header edits and mirrors carry over.
 */
import type { ConfigAnalysis, RouteNeeds } from '../analysis.js';
import { escapeRegex } from '../path-regex.js';
import type { FindingList } from '../types.js';
import { ruleTarget } from './backends.js';
import { conditions } from './matches.js';
import { mirrorFilter } from './mirror.js';
import { kubeName } from './names.js';
import { responseHeaderFilter } from './response-headers.js';

type MethodMatch =
  | { type: 'Exact'; service: string; method?: string }
  | { type: 'RegularExpression'; service: string; method?: string };

/** Whether the route is one a GRPCRoute carries: gRPC calls only, forwarded unchanged. */
export function isGrpcPassThrough(needs: RouteNeeds): boolean {
  return needs.route.match.grpc === true && needs.action.kind === 'upstream' && !needs.action.transform;
}

/** The route's GRPCRoute (`undefined` when its path names no service) and its upstreams. */
export function grpcRoute(
  needs: RouteNeeds,
  analysis: ConfigAnalysis,
  findings: FindingList,
  parent: string,
  hostnames: readonly string[],
): { object: unknown; upstreams: readonly string[] } {
  const method = methodMatch(needs);
  if (typeof method === 'string') {
    findings.unsupported(`${needs.at}.match.path`, `a gRPC route: ${method} — left out`);
    return { object: undefined, upstreams: [] };
  }
  if (needs.rewrite.kind !== 'none')
    findings.unsupported(
      `${needs.at}.rewrite`,
      'a rewrite on a gRPC route: GRPCRoute has no URL rewrite — calls reach the service unchanged',
    );
  if (needs.route.rewrite?.host)
    findings.unsupported(
      `${needs.at}.rewrite.host`,
      "a Host rewrite on a gRPC route: GRPCRoute has no URL rewrite — calls reach the service with the client's authority",
    );
  const target = ruleTarget(needs, analysis, findings);
  const mirror = mirrorFilter(needs, analysis, findings);
  const headers = conditions(needs.route.match.headers, `${needs.at}.match.headers`, findings);
  const requestHeaders = requestHeaderFilter(needs);
  const filters = [requestHeaders, mirror?.filter, responseHeaderFilter(needs, findings)].filter(Boolean);
  const match = {
    ...(method && { method }),
    ...(headers.length > 0 && { headers }),
  };
  return {
    object: {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GRPCRoute',
      metadata: {
        name: kubeName(needs.route.name),
        annotations: {
          'gateway.dev/route': `${needs.route.name} (${needs.at}, evaluated ${needs.rank + 1})`,
        },
      },
      spec: {
        parentRefs: [{ name: parent }],
        ...(hostnames.length > 0 && { hostnames }),
        rules: [
          {
            ...(Object.keys(match).length > 0 && { matches: [match] }),
            ...(filters.length > 0 && { filters }),
            ...(target && { backendRefs: target.main.backendRefs }),
          },
        ],
      },
    },
    upstreams: [...(target?.upstreams ?? []), ...(mirror ? [mirror.upstream] : [])],
  };
}

/** The service/method match for the route's path; `undefined`: every call; a string: why none fits. */
function methodMatch(needs: RouteNeeds): MethodMatch | undefined | string {
  if (!needs.path.ok) return needs.path.reason;
  const { kind, literal, caseInsensitive } = needs.path.path;
  if (caseInsensitive) return 'gRPC service and method names are case-sensitive';
  if (literal === undefined || kind === 'params' || kind === 'glob' || kind === 'regex')
    return `the path pattern is not a service or method name (${kind})`;
  if (literal === '' || literal === '/') return undefined;
  const [service = '', name, ...rest] = literal.slice(1).split('/');
  if (rest.length > 0 || service === '') return `"${literal}" is not /package.Service/Method`;
  if (kind === 'exact')
    return name ? { type: 'Exact', service, method: name } : `"${literal}" names no method`;
  if (kind === 'prefix') return name ? `"${literal}/**" is under a method` : { type: 'Exact', service };
  // A byte prefix: `/svc/` is the service, `/svc/Ge` a method prefix, `/shop.v1.` a service prefix.
  if (name === undefined) return { type: 'RegularExpression', service: `${escapeRegex(service)}.*` };
  if (name === '') return { type: 'Exact', service };
  return { type: 'RegularExpression', service: escapeRegex(service), method: `${escapeRegex(name)}.*` };
}

/** `rewrite.headers` as a RequestHeaderModifier (the only part of a rewrite gRPC keeps). */
function requestHeaderFilter(needs: RouteNeeds): unknown {
  const edits = needs.route.rewrite?.headers;
  const set = Object.entries(edits?.set ?? {}).map(([name, value]) => ({ name, value }));
  const remove = [...(edits?.remove ?? [])];
  if (set.length === 0 && remove.length === 0) return undefined;
  return {
    type: 'RequestHeaderModifier',
    requestHeaderModifier: { ...(set.length > 0 && { set }), ...(remove.length > 0 && { remove }) },
  };
}
