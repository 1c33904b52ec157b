/** One route, resolved: matchers compiled, names normalized, auth and protocol defaults filled in. */
import type { ParsedConfig } from './check-refs.js';
import { withDefaults } from './defaults.js';
import { resolveRouteAuth } from './resolve-auth.js';
import { resolveMock } from './resolve-mock.js';
import { resolveFault, resolveRateLimit } from './resolve-policies.js';
import { resolveCors } from './resolve-server.js';
import type {
  ResolvedRespond,
  ResolvedRewrite,
  ResolvedRoute,
  ResolvedUpstream,
  ValueMatcher,
} from './resolved.js';
import { DEFAULTABLE_ROUTE_KEYS, type ValueMatch } from './schema/index.js';
import { toMilliseconds } from './units.js';
import { toMatcher, toRegex } from './values.js';

type Route = ParsedConfig['routes'][number];

/** `upstreams` are the resolved ones, so a route knows its upstream's protocol. */
export function resolveRoute(
  route: Route,
  index: number,
  config: ParsedConfig,
  upstreams: Readonly<Record<string, ResolvedUpstream>>,
  /** Folder that mock files are relative to. */
  dir = '.',
): ResolvedRoute {
  // `auth` keeps its own resolution (authSource tells "public on purpose" from "by default").
  const { value: own, fromDefaults } = withDefaults(route, config.defaults, DEFAULTABLE_ROUTE_KEYS);
  const { match } = route;
  const protocol = route.upstream === undefined ? undefined : upstreams[route.upstream]?.protocol;
  return {
    name: route.name,
    index,
    match: {
      path: typeof match.path === 'string' ? match.path : toRegex(match.path),
      methods: match.methods?.map((method) => method.toUpperCase()),
      host: resolveHost(match.host),
      headers: resolveMatchers(match.headers, (name) => name.toLowerCase()),
      // Query parameter names are case-sensitive, unlike header names.
      query: resolveMatchers(match.query, (name) => name),
      caseInsensitive: match.caseInsensitive ?? false,
      allowEncodedSlashes: match.allowEncodedSlashes ?? false,
      allowPathParameters: match.allowPathParameters ?? false,
    },
    upstream: route.upstream,
    respond: route.respond === undefined ? undefined : resolveRespond(route.respond),
    ...(route.mock && { mock: resolveMock(route.mock, dir) }),
    rewrite: route.rewrite && resolveRewrite(route.rewrite),
    ...resolveRouteAuth(route.auth, config.defaults?.auth),
    priority: route.priority ?? 0,
    timeout: own.timeout === undefined ? undefined : toMilliseconds(own.timeout),
    websocket: own.websocket ?? false,
    methodNotAllowed: own.methodNotAllowed ?? true,
    cors: own.cors === undefined || own.cors === false ? own.cors : resolveCors(own.cors),
    ...(fromDefaults.length > 0 && { fromDefaults }),
    // A route to a gRPC upstream always calls something: by default the annotated binding.
    grpc: protocol === 'grpc' ? { method: route.grpc?.method ?? 'annotations' } : undefined,
    soap: route.soap && { operation: route.soap.operation },
    // `defaults.fault` / `defaults.rateLimit` came in through withDefaults; `false` turns them off.
    fault: resolveFault(own.fault, undefined),
    rateLimit: resolveRateLimit(own.rateLimit, undefined),
  };
}

function resolveHost(host: Route['match']['host']): (string | RegExp)[] | undefined {
  if (host === undefined) return undefined;
  const list = Array.isArray(host) ? host : [host];
  return list.map((entry) => (typeof entry === 'string' ? entry.toLowerCase() : toRegex(entry)));
}

function resolveMatchers(
  matchers: Record<string, ValueMatch> | undefined,
  normalizeName: (name: string) => string,
): Record<string, ValueMatcher> {
  const out: Record<string, ValueMatcher> = {};
  for (const [name, match] of Object.entries(matchers ?? {})) out[normalizeName(name)] = toMatcher(match);
  return out;
}

function resolveRespond(respond: NonNullable<Route['respond']>): ResolvedRespond {
  if (respond === 'health') return { kind: 'health' };
  return {
    kind: 'static',
    status: respond.status,
    json: respond.json,
    body: respond.body,
    headers: lowerCaseKeys(respond.headers ?? {}),
  };
}

function resolveRewrite(rewrite: NonNullable<Route['rewrite']>): ResolvedRewrite {
  return {
    stripPrefix: rewrite.stripPrefix,
    replacePrefix: rewrite.replacePrefix,
    regex: rewrite.regex && {
      pattern: toRegex({ regex: rewrite.regex.pattern }),
      replacement: rewrite.regex.replacement,
    },
    path: rewrite.path,
    headers: {
      set: lowerCaseKeys(rewrite.headers?.set ?? {}),
      remove: (rewrite.headers?.remove ?? []).map((name) => name.toLowerCase()),
    },
    query: { set: { ...rewrite.query?.set }, remove: rewrite.query?.remove ?? [] },
  };
}

function lowerCaseKeys(record: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) out[key.toLowerCase()] = value;
  return out;
}
