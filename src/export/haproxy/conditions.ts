/**
 * Route conditions as HAProxy ACLs, one set per route (`r3_path`, `r3_method`, …). The frontend's
 * `use_backend` rules are evaluated in the order written and the first whose ACLs all hold wins:
 * exactly gateway's first match, so each route's rule is written in evaluation order.
 */
import type { ValueMatcher } from '../../config/resolved.js';
import type { RouteNeeds } from '../analysis.js';
import { escapeRegex } from '../path-regex.js';
import type { FindingList } from '../types.js';
import { headerSample, sq } from './text.js';

/** `r3`: the route at evaluation position 3. */
export function routeKey(needs: RouteNeeds): string {
  return `r${needs.rank}`;
}

/** The ACL lines of a route and the condition that selects it (`r3_path r3_method`). */
export function routeAcls(needs: RouteNeeds, findings: FindingList): { acls: string[]; condition: string } {
  const key = routeKey(needs);
  const acls: string[] = [];
  const terms: string[] = [];
  const { match } = needs.route;
  if (needs.path.ok) {
    const p = needs.path.path;
    // Matched on the decoded path, as gateway matches the normalized one; a byte prefix natively.
    acls.push(
      p.kind === 'byte-prefix'
        ? `acl ${key}_path path,url_dec -m beg ${p.caseInsensitive ? '-i ' : ''}${sq(p.literal!)}`
        : `acl ${key}_path path,url_dec -m reg ${p.caseInsensitive ? '-i ' : ''}${sq(p.regex)}`,
    );
  } else {
    findings.unsupported(`${needs.at}.match.path`, `path pattern: ${needs.path.reason}`);
    acls.push(`acl ${key}_path always_false`);
  }
  terms.push(`${key}_path`);
  if (match.methods) {
    acls.push(`acl ${key}_method method ${match.methods.join(' ')}`);
    terms.push(`${key}_method`);
  }
  if (match.host) {
    const patterns = match.host.map((h) =>
      typeof h === 'string'
        ? h.startsWith('*.')
          ? `^.+\\.${escapeRegex(h.slice(2))}$`
          : `^${escapeRegex(h)}$`
        : h.source,
    );
    acls.push(`acl ${key}_host req.hdr(host),field(1,:) -m reg -i ${patterns.map(sq).join(' ')}`);
    terms.push(`${key}_host`);
  }
  Object.entries(match.headers).forEach(([name, matcher], i) => {
    terms.push(valueAcl(acls, `${key}_h${i}`, headerSample(name), matcher));
  });
  Object.entries(match.query).forEach(([name, matcher], i) => {
    terms.push(valueAcl(acls, `${key}_q${i}`, `url_param(${name})`, matcher));
  });
  // As gateway: a route matches a path with %2F or %5C only when it allows encoded slashes.
  if (!match.allowEncodedSlashes) terms.push('!gw_encoded_slash');
  return { acls, condition: terms.join(' ') };
}

/** One ACL for a header or query condition; returns the term that tests it (`!x` for absent). */
function valueAcl(acls: string[], name: string, sample: string, matcher: ValueMatcher): string {
  switch (matcher.kind) {
    case 'present':
      acls.push(`acl ${name} ${sample} -m found`);
      return name;
    case 'absent':
      acls.push(`acl ${name} ${sample} -m found`);
      return `!${name}`;
    case 'exact':
      acls.push(`acl ${name} ${sample} -m str ${sq(matcher.value)}`);
      return name;
    case 'regex':
      acls.push(
        `acl ${name} ${sample} -m reg ${matcher.regex.flags.includes('i') ? '-i ' : ''}${sq(matcher.regex.source)}`,
      );
      return name;
  }
}
