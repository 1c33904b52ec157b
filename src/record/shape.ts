/**
 * A recorded request as a `gateway test` case: method, path (parameter values as seen) and query,
 * the headers that took part in the decision (those some route's `match.headers` names, `host`
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
  const query = redactQueryToPlaceholders(request.query, table);
  const url = query === '' ? request.path : `${request.path}?${query}`;
  const kept = decidingHeaders(decision, headers, table);
  const expect: RouteTestConfig['expect'] = { route: decision.route?.name ?? null };
  if (decision.upstream !== undefined) expect.upstream = decision.upstream;
  if (decision.upstreamPath !== undefined)
    expect.path = redactQueryToPlaceholders(decision.upstreamPath, table, true);
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

function decidingHeaders(decision: Decision, headers: Headers, table: RouteTable): Record<string, string> {
  const out: Record<string, string> = {};
  const sensitive = sensitiveHeaderNames(table.authProviders);
  const routed = new Set<string>();
  let hostMatters = false;
  for (const route of table.routes) {
    for (const name of Object.keys(route.config.match.headers)) routed.add(name);
    if (route.config.match.host !== undefined) hostMatters = true;
  }
  const hasAuth = decision.auth !== undefined && decision.auth.result !== 'public';
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (sensitive.has(lower)) {
      if (hasAuth || routed.has(lower)) out[lower] = placeholder(lower, 'header');
    } else if (routed.has(lower)) out[lower] = Array.isArray(value) ? value.join(', ') : value;
  }
  if (hostMatters && decision.request.host !== '') out.host = decision.request.host;
  return out;
}

/**
 * Secret query values → placeholders: the api-key providers' query parameters (which the Decision
 * already shows as `[redacted]`) and the usual token names. `withPath`: `/a?b=c` rather than a bare query.
 */
function redactQueryToPlaceholders(text: string, table: RouteTable, withPath = false): string {
  const at = withPath ? text.indexOf('?') : -1;
  if (withPath && at < 0) return text;
  const query = withPath ? text.slice(at + 1) : text;
  if (query === '') return text;
  const secret = new Set(SECRET_QUERY_KEYS);
  for (const provider of table.authProviders.values())
    if (provider.credential.query) secret.add(provider.credential.query.toLowerCase());
  const redacted = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq === -1 ? pair : pair.slice(0, eq);
      const value = eq === -1 ? '' : pair.slice(eq + 1);
      return eq !== -1 && (secret.has(key.toLowerCase()) || value === REDACTED)
        ? `${key}=${placeholder(key, 'query')}`
        : pair;
    })
    .join('&');
  return withPath ? `${text.slice(0, at)}?${redacted}` : redacted;
}
