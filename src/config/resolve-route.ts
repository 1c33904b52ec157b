/** One route, resolved: matchers compiled, names normalized, auth and protocol defaults filled in. */
import type { ParsedConfig } from './check-refs.js';
import { withDefaults } from './defaults.js';
import { resolveRouteAuth } from './resolve-auth.js';
import { resolveMock } from './resolve-mock.js';
import { resolveFault, resolveRateLimit } from './resolve-policies.js';
import { resolveCors } from './resolve-server.js';
import type {
  ResolvedRedirect,
  ResolvedRespond,
  ResolvedResponseHeaders,
  ResolvedRewrite,
  ResolvedRoute,
  ResolvedSplit,
  ResolvedUpstream,
  ValueMatcher,
} from './resolved.js';
import {
  DEFAULTABLE_ROUTE_KEYS,
  type QueryMatch,
  type ResponseHeadersConfig,
  type ValueMatch,
} from './schema/index.js';
import { toBytes, toMilliseconds } from './units.js';
import { compileRegexData, toMatcher, toRegex } from './values.js';

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
  const protocol = typeof route.upstream === 'string' ? upstreams[route.upstream]?.protocol : undefined;
  return {
    name: route.name,
    index,
    match: {
      path: match.path === undefined || typeof match.path === 'string' ? match.path : toRegex(match.path),
      prefix: match.prefix,
      methods: match.methods?.map((method) => method.toUpperCase()),
      host: resolveHost(match.host),
      headers: resolveMatchers(match.headers, (name) => name.toLowerCase()),
      // Query parameter names are case-sensitive, unlike header names.
      query: resolveQueryMatchers(match.query),
      clientIp: match.clientIp === undefined ? undefined : [match.clientIp].flat(),
      sample:
        match.sample === undefined
          ? undefined
          : typeof match.sample === 'number'
            ? { rate: match.sample, key: 'ip' }
            : { rate: match.sample.rate, key: match.sample.key ?? 'ip' },
      grpc: match.grpc,
      caseInsensitive: match.caseInsensitive ?? false,
      allowEncodedSlashes: match.allowEncodedSlashes ?? false,
      allowPathParameters: match.allowPathParameters ?? false,
    },
    upstream: typeof route.upstream === 'string' ? route.upstream : undefined,
    split: Array.isArray(route.upstream) ? resolveSplit(route.upstream, route.pin) : undefined,
    mirror: route.mirror && {
      upstream: route.mirror.upstream,
      percent: route.mirror.percent ?? 100,
      maxBody: toBytes(route.mirror.maxBody ?? '64kb'),
    },
    respond: route.respond === undefined ? undefined : resolveRespond(route.respond),
    redirect: route.redirect && resolveRedirect(route.redirect, match),
    ...(route.mock && { mock: resolveMock(route.mock, dir) }),
    rewrite: route.rewrite && resolveRewrite(route.rewrite),
    responseHeaders: resolveResponseHeaders(own.responseHeaders),
    ...resolveRouteAuth(route.auth, config.defaults?.auth),
    priority: route.priority ?? 0,
    timeout: own.timeout === undefined ? undefined : toMilliseconds(own.timeout),
    websocket: own.websocket ?? false,
    methodNotAllowed: own.methodNotAllowed ?? true,
    cors: grpcWebCors(own.cors, route.grpcWeb === true, config),
    ...(fromDefaults.length > 0 && { fromDefaults }),
    // A route to a gRPC upstream always calls something: by default the annotated binding.
    grpc:
      protocol === 'grpc'
        ? {
            method: route.grpc?.method ?? 'annotations',
            body: route.grpc?.body ?? '*',
            responseBody: route.grpc?.responseBody,
            web: route.grpcWeb ?? false,
          }
        : undefined,
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

function resolveQueryMatchers(
  matchers: Record<string, QueryMatch> | undefined,
): Record<string, ValueMatcher> {
  const out: Record<string, ValueMatcher> = {};
  for (const [name, match] of Object.entries(matchers ?? {})) {
    if (typeof match === 'object' && match !== null && !(match instanceof RegExp) && 'value' in match) {
      const matcher = toMatcher(match.value);
      out[name] = match.occurrence === 'first' ? { ...matcher, first: true } : matcher;
    } else out[name] = toMatcher(match);
  }
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

function resolveSplit(
  entries: { name: string; weight?: number | undefined }[],
  pin: Route['pin'],
): ResolvedSplit {
  return {
    upstreams: entries.map((entry) => ({ name: entry.name, weight: entry.weight ?? 1 })),
    pin:
      pin === undefined
        ? undefined
        : 'header' in pin
          ? { kind: 'header', name: pin.header.toLowerCase() }
          : { kind: 'cookie', name: pin.cookie },
  };
}

function resolveRedirect(redirect: NonNullable<Route['redirect']>, match: Route['match']): ResolvedRedirect {
  return {
    scheme: redirect.scheme,
    host: redirect.host?.toLowerCase(),
    port: redirect.port,
    path: redirectPath(redirect, match),
    stripQuery: redirect.stripQuery ?? false,
    status: redirect.status ?? 302,
  };
}

function redirectPath(
  redirect: NonNullable<Route['redirect']>,
  match: Route['match'],
): ResolvedRedirect['path'] {
  if (redirect.path !== undefined) return { kind: 'template', template: redirect.path };
  if (redirect.regex !== undefined) return { kind: 'regex', ...toRegexReplace(redirect.regex) };
  if (redirect.prefix === undefined) return { kind: 'keep' };
  // check-refs made sure the route has a prefix, or a path ending in `/**`.
  if (match.prefix !== undefined) return { kind: 'prefix', from: match.prefix, to: redirect.prefix };
  return { kind: 'rest', to: redirect.prefix };
}

/** `{ pattern, replacement, flags }` → a RegExp that keeps `g` (String.replace resets it each call). */
function toRegexReplace(data: { pattern: string; replacement: string; flags?: string | undefined }) {
  const compiled = compileRegexData({ regex: data.pattern, flags: data.flags });
  if (typeof compiled === 'string') throw new Error(`regex was not checked: ${compiled}`);
  return { pattern: compiled, replacement: data.replacement };
}

function resolveRewrite(rewrite: NonNullable<Route['rewrite']>): ResolvedRewrite {
  return {
    stripPrefix: rewrite.stripPrefix,
    replacePrefix: rewrite.replacePrefix,
    regex: rewrite.regex && toRegexReplace(rewrite.regex),
    path: rewrite.path,
    host:
      rewrite.host === undefined
        ? undefined
        : typeof rewrite.host === 'string'
          ? { kind: 'literal', value: rewrite.host }
          : { kind: 'target' },
    headers: {
      set: lowerCaseKeys(rewrite.headers?.set ?? {}),
      remove: (rewrite.headers?.remove ?? []).map((name) => name.toLowerCase()),
    },
    query: { set: { ...rewrite.query?.set }, remove: rewrite.query?.remove ?? [] },
  };
}

function resolveResponseHeaders(
  edits: ResponseHeadersConfig | undefined,
): ResolvedResponseHeaders | undefined {
  if (edits === undefined) return undefined;
  return {
    set: lowerCaseKeys(edits.set ?? {}),
    add: lowerCaseKeys(edits.add ?? {}),
    remove: (edits.remove ?? []).map((name) => name.toLowerCase()),
  };
}

function lowerCaseKeys(record: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) out[key.toLowerCase()] = value;
  return out;
}

/** Headers a gRPC-Web answer carries that a browser script must be allowed to read. */
const GRPC_WEB_EXPOSED = ['grpc-status', 'grpc-message', 'grpc-status-details-bin'];
/** Request headers gRPC-Web clients send, allowed on top of a `cors.headers` list. */
const GRPC_WEB_ALLOWED = ['content-type', 'x-grpc-web', 'x-user-agent', 'grpc-timeout'];

/**
 * The route's CORS: its own, `undefined` for the server's, `false` for none. A `grpcWeb` route
 * exposes the gRPC status headers on top (a trailers-only answer carries the status in them) and
 * allows the gRPC-Web request headers when `headers` lists what is allowed.
 */
function grpcWebCors(own: Route['cors'], grpcWeb: boolean, config: ParsedConfig): ResolvedRoute['cors'] {
  if (own === false) return false;
  if (!grpcWeb) return own === undefined ? undefined : resolveCors(own);
  const given = own ?? config.server?.cors;
  if (given === undefined) return undefined;
  const cors = resolveCors(given);
  return {
    ...cors,
    headers: cors.headers && [...new Set([...cors.headers, ...GRPC_WEB_ALLOWED])],
    exposeHeaders: [...new Set([...cors.exposeHeaders, ...GRPC_WEB_EXPOSED])],
  };
}
