/**
 * A recorded request as a `gateway test` case: method, path (parameter values as seen), the query
 * parameters and headers that took part in the decision (those some route's `match.headers` names, `host`
 * when a route matches on host, credentials on a route with auth), and `expect` from the Decision.
 * Credentials never reach the case: they become `${GATEWAY_RECORD_…}` placeholders that
 * `gateway test` fills from the environment.
 */
import type { RouteTestConfig } from '../config/schema/index.js';
import { REDACTED, sensitiveHeaderNames } from '../pipeline/auth/index.js';
import type { RouteTable } from '../pipeline/table.js';
import type { Decision, Headers } from '../pipeline/types.js';

/** Query parameters treated as credentials besides the api-key providers' own. */
const SECRET_QUERY_KEYS = new Set([
  'access_token',
  'token',
  'api_key',
  'apikey',
  'key',
  'password',
  'secret',
]);

/** `authorization` → `${GATEWAY_RECORD_AUTHORIZATION}`; query keys get `QUERY_`. */
export function placeholder(name: string, where: 'header' | 'query'): string {
  const stem = name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return `\${GATEWAY_RECORD_${where === 'query' ? 'QUERY_' : ''}${stem}}`;
}

/** The case for one decided request. */
export function recordedCase(decision: Decision, headers: Headers, table: RouteTable): RouteTestConfig {
  const request = decision.request;
  const hasAuth = decision.auth !== undefined && decision.auth.result !== 'public';
  const query = recordedQuery(request.query, table, hasAuth);
  const url = query.text === '' ? request.path : `${request.path}?${query.text}`;
  const kept = decidingHeaders(headers, table, hasAuth, decision.request.host);
  const expect: RouteTestConfig['expect'] = { route: decision.route?.name ?? null };
  if (decision.upstream !== undefined) expect.upstream = decision.upstream;
  if (decision.upstreamPath !== undefined) expect.path = upstreamPathWithout(decision.upstreamPath, query);
  if (decision.auth !== undefined) expect.auth = decision.auth.result;
  if (decision.action !== 'forward' && decision.status !== undefined) expect.status = decision.status;
  return {
    request: {
      ...(request.method !== 'GET' && { method: request.method }),
      url,
      ...(Object.keys(kept).length > 0 && { headers: kept }),
    },
    expect,
  };
}

function decidingHeaders(
  headers: Headers,
  table: RouteTable,
  hasAuth: boolean,
  host: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  const sensitive = sensitiveHeaderNames(table.authProviders);
  const routed = new Set<string>();
  let hostMatters = false;
  for (const route of table.routes) {
    for (const name of Object.keys(route.config.match.headers)) routed.add(name);
    if (route.config.match.host !== undefined) hostMatters = true;
  }
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (sensitive.has(lower)) {
      if (hasAuth || routed.has(lower)) out[lower] = placeholder(lower, 'header');
    } else if (routed.has(lower)) out[lower] = Array.isArray(value) ? value.join(', ') : value;
  }
  if (hostMatters && host !== '') out.host = host;
  return out;
}

/** The recorded query, and the parameters left out (which the upstream path then leaves out too). */
interface RecordedQuery {
  readonly text: string;
  readonly secret: ReadonlySet<string>;
  readonly dropped: ReadonlySet<string>;
}

/**
 * Only the query parameters that decide: those some route's `match.query` names, and, on a route
 * with auth, credentials (api-key providers' parameters and the usual token names) as placeholders.
 */
function recordedQuery(query: string, table: RouteTable, hasAuth: boolean): RecordedQuery {
  const routed = new Set<string>();
  for (const route of table.routes)
    for (const name of Object.keys(route.config.match.query)) routed.add(name);
  const secretNames = new Set(SECRET_QUERY_KEYS);
  for (const provider of table.authProviders.values())
    if (provider.credential.query) secretNames.add(provider.credential.query.toLowerCase());
  const secret = new Set<string>();
  const dropped = new Set<string>();
  const kept: string[] = [];
  for (const pair of query === '' ? [] : query.split('&')) {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    const value = eq === -1 ? '' : pair.slice(eq + 1);
    const isSecret = secretNames.has(key.toLowerCase()) || value === REDACTED;
    if (isSecret && (hasAuth || routed.has(key))) {
      secret.add(key);
      kept.push(`${key}=${placeholder(key, 'query')}`);
    } else if (!isSecret && routed.has(key)) kept.push(pair);
    else dropped.add(key);
  }
  return { text: kept.join('&'), secret, dropped };
}

/** The upstream path and query as the recorded request (parameters left out, credentials as placeholders) gives it. */
function upstreamPathWithout(upstreamPath: string, query: RecordedQuery): string {
  const at = upstreamPath.indexOf('?');
  if (at < 0) return upstreamPath;
  const kept: string[] = [];
  for (const pair of upstreamPath.slice(at + 1).split('&')) {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    if (query.secret.has(key)) kept.push(`${key}=${placeholder(key, 'query')}`);
    else if (!query.dropped.has(key)) kept.push(pair);
  }
  const path = upstreamPath.slice(0, at);
  return kept.length === 0 ? path : `${path}?${kept.join('&')}`;
}
