/**
 * `redirect` as Caddy's `redir`, with `Location` built as gateway builds it: scheme, host, port
 * and path each kept unless the redirect changes them, the query kept unless `stripQuery`.
 * Caddy's path placeholders are decoded (`/a b`), so the path is read from the request target as
 * sent (`{http.request.uri}`, still encoded) with `map`s: one splits it into path and query, one
 * on the request's port drops a well-known port, one turns the path into the new one by regex.
 */
import type { ResolvedRedirect } from '../../config/resolved.js';
import { type RouteNeeds, templatePath } from '../analysis.js';
import { escapeRegex } from '../path-regex.js';
import { wholePathRewrite } from '../shared/regex-rewrite.js';
import { leftOut } from '../shared/text.js';
import type { FindingList } from '../types.js';
import { routeKey } from './matchers.js';
import { dq } from './text.js';

const WELL_KNOWN: Readonly<Record<string, number>> = { http: 80, https: 443 };
// Go's regexp expansion in map outputs: ${1}, never $1x (which would read group "1x").
const ref = (n: number) => `\${${n}}`;

/** The lines that answer a redirect route; `scheme` is the site's own (`http` or `https`). */
export function redirectLines(
  needs: RouteNeeds,
  redirect: ResolvedRedirect,
  scheme: 'http' | 'https',
  findings: FindingList,
): string[] {
  const key = routeKey(needs);
  const out = [
    `map {http.request.uri} {${key}_path} {${key}_query} {`,
    `  ~^([^?]*)\\?(.+)$ ${dq(ref(1))} ${dq(`?${ref(2)}`)}`,
    `  ~^([^?]*) ${dq(ref(1))} ""`,
    '}',
  ];
  const toScheme = redirect.scheme ?? scheme;
  let port = '';
  if (redirect.port !== undefined) port = redirect.port === WELL_KNOWN[toScheme] ? '' : `:${redirect.port}`;
  else if (redirect.scheme === undefined) {
    // The port the request came to, left out when it is the scheme's well-known one.
    out.push(
      `map {http.request.port} {${key}_port} {`,
      `  "" ""`,
      `  ${WELL_KNOWN[scheme]} ""`,
      `  default ":{http.request.port}"`,
      '}',
    );
    port = `{${key}_port}`;
  }
  const before = findings.items.length;
  const path = pathRows(needs, redirect.path, findings);
  for (const finding of findings.items.slice(before)) out.push(leftOut(finding.message, ''));
  if (path.length > 0)
    out.push(
      `map {${key}_path} {${key}_location} {`,
      ...path.map((l) => `  ${l}`),
      `  default "{${key}_path}"`,
      '}',
    );
  const location = `${toScheme}://${redirect.host ?? '{http.request.host}'}${port}{${key}_${path.length > 0 ? 'location' : 'path'}}${redirect.stripQuery ? '' : `{${key}_query}`}`;
  return [...out, `redir ${dq(location)} ${redirect.status}`];
}

/** `~regex "output"` rows turning the request's path into the redirect's (first match wins). */
function pathRows(needs: RouteNeeds, rule: ResolvedRedirect['path'], findings: FindingList): string[] {
  const at = `${needs.at}.redirect`;
  const p = needs.path.ok ? needs.path.path : undefined;
  const flags = p?.caseInsensitive ? '(?i)' : '';
  switch (rule.kind) {
    case 'keep':
      return [];
    case 'prefix': {
      // A byte prefix's rest is appended as it is; one slash is dropped between `to/` and `/rest`.
      const slash = rule.to.endsWith('/') ? '/?' : '';
      return [`${dq(`~${flags}^${escapeRegex(rule.from)}${slash}(.*)$`)} ${dq(`${rule.to}${ref(1)}`)}`];
    }
    case 'rest': {
      if (!p) return unexportedPath(at, findings);
      const tail = '(?:/(.*))?$';
      const group = p.params.lastIndexOf('**') + 1;
      const to = rule.to.endsWith('/') ? rule.to : `${rule.to}/`;
      const rows = [`${dq(`~${flags}${p.regex}`)} ${dq(`${to}${ref(group)}`)}`];
      // An empty rest (`/docs`, `/docs/`) leaves `to` alone.
      if (p.regex.endsWith(tail))
        rows.unshift(`${dq(`~${flags}${p.regex.slice(0, -tail.length)}/?$`)} ${dq(rule.to)}`);
      return rows;
    }
    case 'template': {
      if (!p) return unexportedPath(at, findings);
      const path = templatePath({ kind: 'template', path: rule.template, params: p.params }, ref);
      return [`${dq(`~${flags}${p.regex}`)} ${dq(path)}`];
    }
    case 'regex': {
      if (rule.pattern.flags.includes('g')) {
        findings.unsupported(
          `${at}.regex`,
          'a redirect regex with the g flag (every match replaced): Caddy rewrites by one whole-path match — the path is kept',
        );
        return [];
      }
      if (/\$<\w+>|\$[&`']/.test(rule.replacement)) {
        findings.unsupported(
          `${at}.regex`,
          "a redirect replacement with $<name>, $&, $` or $' — use numbered groups ($1); the path is kept",
        );
        return [];
      }
      const whole = wholePathRewrite(rule.pattern.source, rule.replacement, ref);
      // gateway makes the result absolute when the replacement does not start with a slash.
      const output = /^[/$]/.test(whole.replacement) ? whole.replacement : `/${whole.replacement}`;
      const ci = rule.pattern.flags.includes('i') ? '(?i)' : '';
      return [`${dq(`~${ci}${whole.regex}`)} ${dq(output)}`];
    }
  }
}

// Without the route's path regex there are no captures to build the new path from.
function unexportedPath(at: string, findings: FindingList): string[] {
  findings.unsupported(
    `${at}.path`,
    "the redirect's path is built from the route's path pattern, which is not exported — the path is kept",
  );
  return [];
}
