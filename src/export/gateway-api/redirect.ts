/**
 * `redirect` as a `RequestRedirect` filter. Scheme, hostname, port and status carry over as they
 * are: gateway builds `Location` by Gateway API's own rules (no port → the scheme's well-known
 * one, `:80`/`:443` left out). The path is kept, replaced whole (`ReplaceFullPath`: a template
 * without parameters) or by prefix (`ReplacePrefixMatch`: `prefix` on a route ending in `/**`, or a
 * template that only appends its `/**`). Status 301 and 302 are Core; 303, 307 and 308 Extended.
 */
import type { RouteNeeds } from '../analysis.js';
import type { FindingList } from '../types.js';
import { matchedPrefix, type PathModifier, replacePrefix } from './path-modifier.js';

// Gateway API's PreciseHostname: RFC 1123, no wildcard, no port.
const PRECISE_HOSTNAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The route's RequestRedirect filter, with findings for what it cannot say. */
export function redirectFilter(needs: RouteNeeds, findings: FindingList): unknown {
  const redirect = needs.route.redirect!;
  const at = `${needs.at}.redirect`;
  const out: Record<string, unknown> = {};
  if (redirect.scheme !== undefined) out.scheme = redirect.scheme;
  if (redirect.host !== undefined) {
    if (PRECISE_HOSTNAME.test(redirect.host)) out.hostname = redirect.host;
    else
      findings.unsupported(
        `${at}.host`,
        `host "${redirect.host}": RequestRedirect takes a plain hostname (RFC 1123, no port, no wildcard) — the Location keeps the request's host`,
      );
  }
  if (redirect.port !== undefined) out.port = redirect.port;
  const path = redirectPath(needs, findings);
  if (path !== undefined) out.path = path;
  out.statusCode = redirect.status;
  if (redirect.stripQuery)
    findings.approximate(
      `${at}.stripQuery`,
      'stripQuery: RequestRedirect has no field to drop the query — the Location keeps it',
    );
  return { type: 'RequestRedirect', requestRedirect: out };
}

function redirectPath(needs: RouteNeeds, findings: FindingList): PathModifier | undefined {
  const rule = needs.route.redirect!.path;
  const at = `${needs.at}.redirect`;
  const kept = '— the Location keeps the request path';
  switch (rule.kind) {
    case 'keep':
      return undefined;
    case 'template': {
      if (!/\/\*\*|:[A-Za-z_]/.test(rule.template))
        return { type: 'ReplaceFullPath', replaceFullPath: rule.template };
      // `/guide/**` on `/docs/**` appends the rest: the matched prefix replaced.
      const prefix = matchedPrefix(needs);
      const to = rule.template.replace(/\/\*\*$/, '');
      if (prefix.ok && rule.template.endsWith('/**') && !/\/\*\*|:[A-Za-z_]/.test(to))
        return replacePrefix(to);
      findings.unsupported(
        `${at}.path`,
        `a path template with parameters ("${rule.template}"): RequestRedirect sets a fixed path or replaces a PathPrefix match's prefix ${kept}`,
      );
      return undefined;
    }
    case 'rest': {
      const prefix = matchedPrefix(needs);
      if (prefix.ok) return replacePrefix(rule.to);
      findings.unsupported(`${at}.prefix`, `${prefix.reason} ${kept}`);
      return undefined;
    }
    case 'prefix': {
      const prefix = matchedPrefix(needs);
      findings.unsupported(`${at}.prefix`, `${prefix.ok ? 'a byte-prefix redirect' : prefix.reason} ${kept}`);
      return undefined;
    }
    case 'regex':
      findings.unsupported(
        `${at}.regex`,
        `a regex redirect: RequestRedirect sets a fixed path or replaces a PathPrefix match's prefix ${kept}`,
      );
      return undefined;
  }
}
