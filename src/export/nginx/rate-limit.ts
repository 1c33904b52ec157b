/**
 * `rateLimit` in nginx: `limit_req_zone` (shared by the workers) with the route's rate, keyed as
 * gateway keys its buckets — the client address, a header, or the API key's client name, falling
 * back to the address — and `limit_req … burst nodelay` in the route's location. nginx's leaky
 * bucket lets `burst + 1` requests through at once, so gateway's bucket of N is `burst=N-1`.
 * Answers carry gateway's fixed `RateLimit-Policy`; the per-request `RateLimit` and `Retry-After`
 * need state nginx does not expose.
 */
import type { ResolvedRateLimit } from '../../config/resolved.js';
import { sfString } from '../../pipeline/rate-limit/fields.js';
import type { RouteNeeds } from '../analysis.js';
import { ident, leftOut } from '../shared/text.js';
import type { FindingList } from '../types.js';
import { corsLines } from './cors.js';
import { routeKey } from './dispatch.js';
import { headerVariable, quote } from './text.js';

/** What a rate limit adds at each level of the config. */
export interface RateLimitParts {
  readonly http: string[];
  readonly location: string[];
  /** The internal location that answers 429 with a problem document. */
  readonly server: string[];
}

const ADDRESS = '"ip:$binary_remote_addr"';

/** The zone, the location's lines and the 429 location for `needs`' rate limit. */
export function rateLimitParts(
  needs: RouteNeeds,
  limit: ResolvedRateLimit,
  findings: FindingList,
  cors: number | undefined,
  trustedProxies: boolean,
): RateLimitParts {
  const key = routeKey(needs);
  const at = `${needs.at}.rateLimit`;
  const http: string[] = [];
  // What differs in whose bucket a request uses: a finding of its own on `rateLimit.key`.
  const keyNotes: string[] = [];
  const variable = keyVariable(needs, limit, http, keyNotes);
  if (trustedProxies)
    keyNotes.push(
      `the client address${limit.key.kind === 'ip' ? '' : ' (the fallback key)'} is the peer's ($binary_remote_addr), where gateway reads X-Forwarded-For from its trusted proxies`,
    );
  const rate = nginxRate(limit);
  const windowSeconds = Math.max(1, Math.round(limit.per / 1000));
  const policy = `${sfString(needs.route.name)};q=${limit.requests};w=${windowSeconds}`;
  const message = [
    `nginx's limit_req (${rate.text}, burst=${limit.burst - 1} nodelay: ${limit.burst} at once) sends the fixed RateLimit-Policy but neither RateLimit (what is left) nor Retry-After on a 429`,
    ...(needs.auth?.providers.some((p) => p.type === 'basic' || p.type === 'forward')
      ? [
          'it counts a request before auth_basic/auth_request run (a refused credential draws from its client address)',
        ]
      : []),
    ...(rate.exact
      ? []
      : [`the rate is rounded to ${rate.text} (nginx counts whole requests per second or minute)`]),
  ].join('; ');
  const comments = [leftOut(findings.approximate(at, message), '  ')];
  if (keyNotes.length > 0)
    comments.push(leftOut(findings.approximate(`${at}.key`, keyNotes.join('; ')), '  '));
  http.unshift(`limit_req_zone ${variable} zone=gw_${key}:10m rate=${rate.text};`);
  const headers = [`  add_header RateLimit-Policy ${quote(policy)} always;`];
  const detail = `rate limit of route "${needs.route.name}" exceeded (${limit.requests} requests per ${windowSeconds}s)`;
  return {
    http,
    location: [
      ...comments,
      `  limit_req zone=gw_${key} burst=${Math.max(0, limit.burst - 1)} nodelay;`,
      '  limit_req_status 429;',
      `  error_page 429 /__gateway/limited/${key};`,
      ...headers,
    ],
    server: [
      `  location = /__gateway/limited/${key} {`,
      '    internal;',
      ...(cors === undefined ? [] : corsLines(cors).filter((l) => l.includes('add_header'))),
      ...headers,
      `    return 429 ${quote(JSON.stringify({ type: 'urn:gateway:quota-exceeded', title: 'Too many requests', status: 429, detail, route: needs.route.name }))};`,
      '  }',
    ],
  };
}

/** The zone's key: a variable (or a `map` added to `http`) that falls back to the client address. */
function keyVariable(needs: RouteNeeds, limit: ResolvedRateLimit, http: string[], notes: string[]): string {
  const key = routeKey(needs);
  const target = `$gw_${key}_limit_key`;
  const provider = needs.auth?.providers[0];
  switch (limit.key.kind) {
    case 'ip':
      return '$binary_remote_addr';
    case 'header': {
      http.push(
        `map ${headerVariable(limit.key.name)} ${target} { "" ${ADDRESS}; default "h:${headerVariable(limit.key.name)}"; }`,
      );
      return target;
    }
    case 'apiKey':
    case 'identity': {
      if (provider?.type === 'api-key' && provider.header) {
        // The map of valid keys: a refused key has no name, so it draws from the address.
        const name = `$gw_key_${ident(provider.name)}`;
        http.push(`map ${name} ${target} { "" ${ADDRESS}; default "k:${name}"; }`);
        return target;
      }
      if (limit.key.kind === 'identity' && provider?.type === 'basic') {
        notes.push('the identity is the Basic user name as sent ($remote_user), before auth_basic checks it');
        http.push(`map $remote_user ${target} { "" ${ADDRESS}; default "u:$remote_user"; }`);
        return target;
      }
      if (limit.key.kind === 'identity' && provider !== undefined)
        notes.push(
          `nginx has no ${provider.type} identity to count by: every client address has its own bucket`,
        );
      return '$binary_remote_addr';
    }
  }
}

/** `60r/m`: per second when whole, else per minute (rounded, at least 1). */
export function nginxRate(limit: ResolvedRateLimit): { text: string; exact: boolean } {
  const perSecond = (limit.requests * 1000) / limit.per;
  if (Number.isInteger(perSecond) && perSecond >= 1) return { text: `${perSecond}r/s`, exact: true };
  const perMinute = (limit.requests * 60_000) / limit.per;
  const rounded = Math.max(1, Math.round(perMinute));
  return { text: `${rounded}r/m`, exact: rounded === perMinute };
}
