/**
 * Named matchers, one per route (`@r3`), from its conditions. The site's handlers are inside one
 * `route` block, which keeps the order written; the `handle` blocks in it are mutually
 * exclusive and the first whose matcher holds runs — gateway's first match.
 */
import type { ValueMatcher } from '../../config/resolved.js';
import type { RouteNeeds } from '../analysis.js';
import type { FindingList } from '../types.js';
import { dq, headerPlaceholder } from './text.js';

/** Matches a request whose path (as sent) holds %2F or %5C. */
export const ENCODED_SLASH = 'vars_regexp encoded {http.request.orig_uri} "(?i)^[^?]*%(2f|5c)"';

export function routeKey(needs: RouteNeeds): string {
  return `r${needs.rank}`;
}

/** The `@rN { … }` matcher definition of a route. */
export function routeMatcher(needs: RouteNeeds, findings: FindingList): string[] {
  const lines: string[] = [];
  const { match } = needs.route;
  if (needs.path.ok) {
    const p = needs.path.path;
    // A byte prefix too is a regex (`^/v1.*$`): Caddy's `path /v1*` would ignore case. The
    // matcher is named after the route, so its captures are `{re.rN.1}`… (redirects, mocks).
    lines.push(`path_regexp ${routeKey(needs)} ${dq(`${p.caseInsensitive ? '(?i)' : ''}${p.regex}`)}`);
  } else {
    findings.unsupported(`${needs.at}.match.path`, `path pattern: ${needs.path.reason}`);
    lines.push('not path *');
  }
  if (match.methods) lines.push(`method ${match.methods.join(' ')}`);
  if (match.host) {
    const plain = match.host.filter((h): h is string => typeof h === 'string');
    if (plain.length < match.host.length)
      findings.unsupported(
        `${needs.at}.match.host`,
        'host RegExps — Caddy matches hosts by name or *.wildcard',
      );
    if (plain.length > 0) lines.push(`host ${plain.join(' ')}`);
  }
  Object.entries(match.headers).forEach(([name, matcher], i) => {
    lines.push(valueLine(`h${i}`, name, headerPlaceholder(name), matcher, true));
  });
  Object.entries(match.query).forEach(([name, matcher], i) => {
    lines.push(valueLine(`q${i}`, name, `{http.request.uri.query.${name}}`, matcher, false));
  });
  // As gateway: a route matches a path with %2F or %5C only when it allows encoded slashes.
  if (!match.allowEncodedSlashes) lines.push(`not ${ENCODED_SLASH}`);
  return [`@${routeKey(needs)} {`, ...lines.map((l) => `  ${l}`), '}'];
}

function valueLine(
  id: string,
  name: string,
  placeholder: string,
  matcher: ValueMatcher,
  header: boolean,
): string {
  switch (matcher.kind) {
    case 'present':
      return header ? `header ${name} *` : `vars_regexp ${id} ${placeholder} ${dq('.')}`;
    case 'absent':
      return header ? `not header ${name} *` : `not vars_regexp ${id} ${placeholder} ${dq('.')}`;
    case 'exact':
      return `vars_regexp ${id} ${placeholder} ${dq(`^${matcher.value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)}`;
    case 'regex':
      return `vars_regexp ${id} ${placeholder} ${dq(`${matcher.regex.flags.includes('i') ? '(?i)' : ''}${matcher.regex.source}`)}`;
  }
}
