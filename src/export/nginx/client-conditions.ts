/**
 * The route conditions on who calls and how: `match.clientIp` (a `geo` block, which reads
 * `X-Forwarded-For` from the trusted proxies as gateway does: `proxy` + `proxy_recursive`),
 * `match.grpc` (a `map` on the content type) and `match.sample` (`split_clients` on the key: the
 * same share of callers, but a different hash than gateway's, so not the same callers).
 * Each gives a flag variable (1 or 0) that dispatch.ts joins with the route's other flags.
 */
import type { ResolvedRoute } from '../../config/resolved.js';
import type { RouteNeeds } from '../analysis.js';
import { allowRanges } from '../shared/unknown.js';
import type { FindingList } from '../types.js';
import { escapeRegex } from '../path-regex.js';
import { argVariable, headerVariable, quoteRegex } from './text.js';

/** Route keys this module exports (added to the location's `EXPORTED`). */
export const CLIENT_CONDITION_KEYS = ['match.clientIp', 'match.grpc', 'match.sample'] as const;

/** The http-level blocks of a route's client conditions and the flag variables they set. */
export function clientConditionMaps(
  needs: RouteNeeds,
  key: string,
  trustedProxies: readonly string[],
): { lines: string[]; vars: string[] } {
  const { match } = needs.route;
  const lines: string[] = [];
  const vars: string[] = [];
  if (match.clientIp) {
    const variable = `$gw_${key}_ip`;
    // Without an explicit source, geo reads the client address; `proxy` makes it the last
    // untrusted X-Forwarded-For hop when the peer is a trusted proxy — gateway's client address.
    const proxies = allowRanges(trustedProxies).map((range) => `proxy ${range};`);
    const recursive = proxies.length > 0 ? ['proxy_recursive;'] : [];
    const ranges = match.clientIp.map((range) => `${range} 1;`);
    lines.push(`geo ${variable} { ${[...proxies, ...recursive, 'default 0;', ...ranges].join(' ')} }`);
    vars.push(variable);
  }
  if (match.sample) {
    const variable = `$gw_${key}_sample`;
    const source = sampleKey(match.sample.key, key, lines);
    const share = Math.round(match.sample.rate * 10000) / 100;
    const entries = share >= 100 ? ['* 1;'] : share <= 0 ? ['* 0;'] : [`${share}% 1;`, '* 0;'];
    lines.push(`split_clients "${source}" ${variable} { ${entries.join(' ')} }`);
    vars.push(variable);
  }
  if (match.grpc !== undefined) {
    const variable = `$gw_${key}_grpc`;
    const [grpc, other] = match.grpc ? ['1', '0'] : ['0', '1'];
    lines.push(`map $http_content_type ${variable} { "~*^application/grpc" ${grpc}; default ${other}; }`);
    vars.push(variable);
  }
  return { lines, vars };
}

/** The variable `split_clients` hashes: the key, or the client address when the request lacks it. */
function sampleKey(
  sampleKey: NonNullable<ResolvedRoute['match']['sample']>['key'],
  key: string,
  lines: string[],
) {
  if (sampleKey === 'ip') return '${remote_addr}';
  let source = 'header' in sampleKey ? headerVariable(sampleKey.header) : '';
  if ('query' in sampleKey) source = argVariable(sampleKey.query);
  if ('cookie' in sampleKey) {
    // From the Cookie header: `$cookie_<name>` cannot name a cookie with `-` or `.`.
    source = `$gw_${key}_sample_cookie`;
    const pattern = `~(?:^|;\\s*)${escapeRegex(sampleKey.cookie)}=(?<gw_${key}_cookie>[^;]*)`;
    lines.push(`map $http_cookie ${source} { ${quoteRegex(pattern)} $gw_${key}_cookie; default ""; }`);
  }
  const variable = `$gw_${key}_sample_key`;
  lines.push(`map ${source} ${variable} { "" $remote_addr; default ${source}; }`);
  return `\${gw_${key}_sample_key}`;
}

/** The findings of a route's client conditions, as comment texts for its location. */
export function clientConditionNotes(needs: RouteNeeds, findings: FindingList, trusted: boolean): string[] {
  const { sample } = needs.route.match;
  if (!sample) return [];
  const notes = [
    `nginx's split_clients takes the same share (${Math.round(sample.rate * 10000) / 100}%) of callers by the same key, but hashes it with MurmurHash2, not gateway's hash — the same caller may be inside on one and outside on the other; samples of one key stay nested`,
  ];
  if (trusted)
    notes.push(
      "the client address (the key or its fallback) is the peer's ($remote_addr), not gateway's X-Forwarded-For hop",
    );
  return [findings.approximate(`${needs.at}.match.sample`, notes.join('; '))];
}
