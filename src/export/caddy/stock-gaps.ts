/**
 * What stock Caddy 2.6 has no handler for at all: copying a request to a mirror, and rate
 * limiting (the caddy-ratelimit plugin). Each is a precise finding; the route is otherwise
 * exported as it is, so it forwards without the copy or the limit.
 */
import type { ResolvedRateLimit, ResolvedRoute } from '../../config/resolved.js';
import type { RouteNeeds } from '../analysis.js';
import { leftOut, seconds } from '../shared/text.js';
import type { FindingList } from '../types.js';

/** Comment lines for a route's mirror and rate limit, each reported as unsupported. */
export function stockGapLines(needs: RouteNeeds, findings: FindingList): string[] {
  const { mirror, rateLimit } = needs.route;
  const out: string[] = [];
  if (rateLimit)
    out.push(leftOut(findings.unsupported(`${needs.at}.rateLimit`, rateLimitMessage(rateLimit)), ''));
  if (mirror) out.push(leftOut(findings.unsupported(`${needs.at}.mirror`, mirrorMessage(mirror)), ''));
  return out;
}

function rateLimitMessage(limit: ResolvedRateLimit): string {
  const key =
    limit.key.kind === 'header'
      ? `header ${limit.key.name}`
      : limit.key.kind === 'apiKey'
        ? 'API key'
        : limit.key.kind === 'identity'
          ? 'identity'
          : 'client IP';
  return `rate limit (${limit.requests} per ${seconds(limit.per)}, burst ${limit.burst}, per ${key}): stock Caddy has no rate limiter — requests are not limited and answers carry no RateLimit/RateLimit-Policy headers; build Caddy with the caddy-ratelimit plugin (github.com/mholt/caddy-ratelimit, its \`rate_limit\` directive) or keep gateway in front`;
}

function mirrorMessage(mirror: NonNullable<ResolvedRoute['mirror']>): string {
  return `mirror to "${mirror.upstream}" (${mirror.percent}% of requests): stock Caddy has no handler that sends a copy of a request — only the route's own upstream gets it; mirror with gateway in front, or at a proxy that can (nginx \`mirror\`, Envoy)`;
}
