/**
 * The route conditions on who calls and how, as HAProxy ACLs: `match.clientIp` (the client
 * address gateway uses — the peer, or with trusted proxies the last untrusted
 * `X-Forwarded-For` hop, walked by frontend rules into `txn.gw_client`), `match.grpc` (the
 * content type) and `match.sample` (a CRC32 of the key: the same share of callers, but not
 * gateway's hash, so not the same callers).
 */
import type { ResolvedRoute } from '../../config/resolved.js';
import type { RouteNeeds } from '../analysis.js';
import { allowRanges } from '../shared/unknown.js';
import type { FindingList } from '../types.js';

/** Route keys this module exports (added to the backends' `TRANSLATED`). */
export const CLIENT_CONDITION_KEYS = ['match.clientIp', 'match.grpc', 'match.sample'] as const;

/** How many `X-Forwarded-For` hops the frontend walks back through trusted proxies. */
const MAX_HOPS = 8;

/** The client address as gateway takes it, in `txn.gw_client` (frontend rules). */
export const CLIENT = 'var(txn.gw_client)';

/**
 * The frontend rules that set `txn.gw_client`: the peer, then while the address is a trusted
 * proxy, the `X-Forwarded-For` hop before it (right to left) — gateway's client address. A hop
 * that is not an address ends the walk at the last trusted one, as gateway does.
 */
export function clientAddressRules(trustedProxies: readonly string[]): string[] {
  const rules = ['  http-request set-var(txn.gw_client) src'];
  if (trustedProxies.length === 0) return rules;
  const trusted = allowRanges(trustedProxies).join(' ');
  for (let hop = 1; hop <= MAX_HOPS; hop++) {
    const previous = hop === 1 ? 'src' : `req.hdr_ip(x-forwarded-for,-${hop - 1})`;
    rules.push(
      `  http-request set-var(txn.gw_client) req.hdr_ip(x-forwarded-for,-${hop}) if { ${previous} -m ip ${trusted} } { req.hdr_ip(x-forwarded-for,-${hop}) -m found }`,
    );
  }
  return rules;
}

/** Whether any route needs `txn.gw_client`. */
export function needsClientAddress(routes: readonly RouteNeeds[]): boolean {
  return routes.some(
    (needs) => needs.route.match.clientIp !== undefined || needs.route.match.sample !== undefined,
  );
}

/** A route's ACLs, the terms that test them, and the frontend rules they read. */
export function clientConditionAcls(
  needs: RouteNeeds,
  key: string,
): { acls: string[]; terms: string[]; rules: string[] } {
  const { match } = needs.route;
  const acls: string[] = [];
  const terms: string[] = [];
  const rules: string[] = [];
  if (match.clientIp) {
    acls.push(`acl ${key}_ip ${CLIENT} -m ip ${match.clientIp.join(' ')}`);
    terms.push(`${key}_ip`);
  }
  if (match.sample) {
    const variable = `txn.gw_${key}_sample_key`;
    const source = sampleSource(match.sample.key);
    if (source) rules.push(`  http-request set-var(${variable}) ${source}`);
    // A request without the key is placed by its address, as gateway.
    rules.push(`  http-request set-var(${variable}) ${CLIENT} unless { var(${variable}) -m len gt 0 }`);
    const bound = Math.round(match.sample.rate * 2 ** 32);
    acls.push(`acl ${key}_sample var(${variable}),crc32 lt ${bound}`);
    terms.push(`${key}_sample`);
  }
  if (match.grpc !== undefined) {
    acls.push(`acl ${key}_grpc req.fhdr(content-type,1) -m beg -i application/grpc`);
    terms.push(match.grpc ? `${key}_grpc` : `!${key}_grpc`);
  }
  return { acls, terms, rules };
}

/** The sample that reads the key (`undefined`: the client address). */
function sampleSource(key: NonNullable<ResolvedRoute['match']['sample']>['key']): string | undefined {
  if (key === 'ip') return undefined;
  if ('header' in key) return `req.fhdr(${key.header.toLowerCase()},1)`;
  if ('cookie' in key) return `req.cook(${key.cookie})`;
  return `url_param(${key.query})`;
}

/** The findings of a route's client conditions. */
export function clientConditionNotes(needs: RouteNeeds, findings: FindingList): string[] {
  const { sample } = needs.route.match;
  if (!sample) return [];
  return [
    findings.approximate(
      `${needs.at}.match.sample`,
      `HAProxy takes the same share (${Math.round(sample.rate * 10000) / 100}%) of callers by the same key, but by its CRC32, not gateway's hash — the same caller may be inside on one and outside on the other; samples of one key stay nested`,
    ),
  ];
}
