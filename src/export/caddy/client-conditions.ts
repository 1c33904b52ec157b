/**
 * The route conditions on who calls and how, as lines of the route's named matcher:
 * `match.clientIp` (`remote_ip`: the peer — Caddy 2.6 has no `client_ip` matcher reading
 * `X-Forwarded-For` from trusted proxies, which 2.7 added), `match.grpc` (`header_regexp` on the
 * content type). `match.sample` has no stock form: no Caddy 2.6 matcher hashes a value.
 */
import type { RouteNeeds } from '../analysis.js';
import { allowRanges } from '../shared/unknown.js';
import { leftOut } from '../shared/text.js';
import type { FindingList } from '../types.js';
import { dq } from './text.js';

/** Route keys this module handles (added to the handlers' `EXPORTED`). */
export const CLIENT_CONDITION_KEYS = ['match.clientIp', 'match.grpc', 'match.sample'] as const;

/** Matcher lines (and comments) for a route's client conditions. */
export function clientConditionLines(
  needs: RouteNeeds,
  findings: FindingList,
  trustedProxies: readonly string[],
): string[] {
  const { match } = needs.route;
  const lines: string[] = [];
  if (match.clientIp) {
    lines.push(`remote_ip ${match.clientIp.join(' ')}`);
    if (trustedProxies.length > 0) {
      // Fail closed: the peer of a proxied request is the proxy, not the client gateway judges.
      const message = findings.unsupported(
        `${needs.at}.match.clientIp`,
        `Caddy 2.6's remote_ip matcher sees the peer, not the client a trusted proxy names in X-Forwarded-For — requests through a trusted proxy (${trustedProxies.join(', ')}) never match this route here; Caddy 2.7's \`client_ip\` matcher with the server's \`trusted_proxies\` reads the header as gateway does`,
      );
      lines.push(leftOut(message, ''));
      lines.push(
        `not {`,
        `  remote_ip ${allowRanges(trustedProxies).join(' ')}`,
        '  header X-Forwarded-For *',
        '}',
      );
    }
  }
  if (match.grpc !== undefined) {
    lines.push(`${match.grpc ? '' : 'not '}header_regexp grpc Content-Type ${dq('(?i)^application/grpc')}`);
  }
  if (match.sample) {
    const message = findings.unsupported(
      `${needs.at}.match.sample`,
      `a sample of ${Math.round(match.sample.rate * 10000) / 100}% of callers: no stock Caddy 2.6 matcher hashes a value (only reverse_proxy's lb_policy does, to pick a target) — this route takes no caller here; a weighted split (\`upstream: [{ name, weight }]\`) draws per request instead, or keep gateway in front`,
    );
    lines.push(leftOut(message, ''), 'not path *');
  }
  return lines;
}
