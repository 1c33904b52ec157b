/**
 * `rateLimit`: a stick table per route (in a backend of its own, shared by a split's sides) that
 * counts each key's requests with `http_req_rate`, and a 429 problem once the count passes the
 * bucket's size. gateway's token bucket (`burst` at once, refilled at `requests / per`) becomes a
 * sliding window of `burst` requests per `burst × per / requests` — the same burst and the same
 * long-run rate, but a window frees all its requests at once where a bucket refills one by one,
 * and refused requests count too. That gap, and the `RateLimit` field read from the window, is an
 * `export/approximate` finding. The key is gateway's: the client address, a header, the API key's
 * name or the Basic user (each key's value written as gateway's bucket name).
 */
import type { ResolvedRateLimit } from '../../config/resolved.js';
import { sfString } from '../../pipeline/rate-limit/fields.js';
import type { RouteNeeds } from '../analysis.js';
import { singleProvider } from '../shared/single-provider.js';
import { ident, leftOut } from '../shared/text.js';
import type { BackendContext } from './backends.js';
import { routeKey } from './conditions.js';
import { gatewayProblem, headerSample, lf, sq } from './text.js';

const KEY = '@@gateway-bucket@@';

/** The rules of the route's backend(s) and the stick-table backend they count in. */
export function rateLimitRules(
  needs: RouteNeeds,
  limit: ResolvedRateLimit,
  ctx: BackendContext,
): { rules: string[]; table: string[] } {
  const name = `${routeKey(needs)}_ratelimit`;
  const window = Math.max(1, Math.round((limit.burst * limit.per) / limit.requests));
  const windowSeconds = Math.max(1, Math.round(limit.per / 1000));
  const policy = sfString(needs.route.name);
  const retryAfter = Math.max(1, Math.ceil(limit.per / limit.requests / 1000));
  const key = keyRules(needs, limit, ctx);
  // The bucket's name is filled in by HAProxy (JSON-escaped) where gateway writes it.
  const detail = `rate limit of route "${needs.route.name}" exceeded for ${KEY} (${limit.requests} requests per ${windowSeconds}s) — retry in ${retryAfter}s`;
  const body = lf(
    gatewayProblem('quota-exceeded', 'Too many requests', 429, detail, {
      route: needs.route.name,
      retryAfter,
    }),
  ).replace(KEY, '%[var(txn.gw_rlk),json]');
  const reset = Math.ceil(window / 1000);
  const note = ctx.findings.approximate(
    `${needs.at}.rateLimit`,
    `token bucket (${limit.burst} at once, ${limit.requests} per ${windowSeconds}s) as HAProxy's sliding window of ${limit.burst} requests per ${window / 1000}s (stick table, http_req_rate): same burst and long-run rate, but refused requests count and a window frees its requests all at once; the \`RateLimit\` field's r/t are read from the window; the client address is the connection's (X-Forwarded-For is not read)`,
  );
  return {
    table: [
      `# the counters of route "${needs.route.name}"'s rate limit (${needs.at}.rateLimit)`,
      `backend ${name}`,
      `  stick-table type string len 128 size 100k expire ${window}ms store http_req_rate(${window}ms)`,
    ],
    rules: [
      leftOut(note, '  '),
      ...key,
      `  http-request track-sc0 var(txn.gw_rlk) table ${name}`,
      '  http-request set-var(txn.gw_rl) bool(true)',
      `  http-request return status 429 content-type application/problem+json lf-string ${sq(body)} hdr retry-after ${retryAfter} if { sc_http_req_rate(0) gt ${limit.burst} }`,
      // On every answer from here on, as gateway sends them (problems included).
      `  http-after-response set-header ratelimit-policy ${sq(lf(`${policy};q=${limit.requests};w=${windowSeconds}`))} if { var(txn.gw_rl) -m bool }`,
      `  http-after-response set-header ratelimit ${sq(`${lf(policy)};r=%[sc_http_req_rate(0),neg,add(${limit.burst})];t=${reset}`)} if { var(txn.gw_rl) -m bool } { sc_http_req_rate(0) le ${limit.burst} }`,
      `  http-after-response set-header ratelimit ${sq(`${lf(policy)};r=0;t=${reset}`)} if { var(txn.gw_rl) -m bool } { sc_http_req_rate(0) gt ${limit.burst} }`,
    ],
  };
}

/** `txn.gw_rlk`: gateway's bucket name (`ip 127.0.0.1`, `header x-tenant=acme`, `api-key ci`, `identity ada`). */
function keyRules(needs: RouteNeeds, limit: ResolvedRateLimit, ctx: BackendContext): string[] {
  const set = (value: string, condition = '') =>
    `  http-request set-var-fmt(txn.gw_rlk) ${sq(value)}${condition}`;
  // Whatever the key, a request without it falls back to the client address, as in gateway.
  const out = [set('ip %[src]')];
  const key = limit.key;
  if (key.kind === 'header') {
    const sample = headerSample(key.name);
    out.push(set(`header ${lf(key.name)}=%[${sample}]`, ` if { ${sample} -m len 1: }`));
    return out;
  }
  if (key.kind === 'ip' || !needs.auth) return out;
  const single = singleProvider(needs.auth);
  if (!single.ok) return out;
  const provider = single.provider;
  if (provider.type === 'api-key' && provider.header) {
    const label = key.kind === 'apiKey' ? 'api-key' : 'identity';
    provider.keys.forEach((k, i) => {
      const value = ctx.analysis.secrets.get(`auth.${provider.name}.keys[${i}].key`);
      if (value !== undefined)
        out.push(
          set(lf(`${label} ${k.name}`), ` if { ${headerSample(provider.header!)} -m str ${sq(value)} }`),
        );
    });
  } else if (provider.type === 'basic' && key.kind === 'identity') {
    const list = `gw_${ident(provider.name)}`;
    out.push(set(`identity %[http_auth_group(${list})]`, ` if { http_auth(${list}) }`));
  }
  return out;
}
