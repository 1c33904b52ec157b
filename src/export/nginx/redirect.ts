/**
 * `redirect` in nginx: `return <status> <Location>` in the route's location, the Location built
 * as gateway builds it (src/pipeline/actions/redirect-location.ts) — scheme, host and port kept
 * unless the redirect changes them, the path from a `map` per route (kept, a byte prefix or the
 * `**` rest replaced, a template, a regex), and the query unless `stripQuery`.
 */
import type { ResolvedRedirect } from '../../config/resolved.js';
import { type RouteNeeds, templatePath } from '../analysis.js';
import { escapeRegex } from '../path-regex.js';
import { wholePathRewrite } from '../shared/regex-rewrite.js';
import { leftOut } from '../shared/text.js';
import type { FindingList } from '../types.js';
import { routeKey } from './dispatch.js';
import { literal, quoteRegex } from './text.js';

const WELL_KNOWN: Readonly<Record<string, number>> = { http: 80, https: 443 };

/** http-level maps every redirect shares: the request's path as sent, and the port it named. */
export const REDIRECT_MAPS: readonly string[] = [
  // The path as the client wrote it (gateway keeps percent-encoding); nginx's decoded, normalized
  // $uri only where the raw path has `//` or dot segments, which gateway would normalize too.
  'map $request_uri $gw_redirect_path { "~^[^?]*(?://|/\\.)" $uri; "~^([^?]*)" $1; default $uri; }',
  // `:port` when the Host header names one other than its scheme's well-known port.
  'map "$scheme|$http_host" $gw_request_port { "~^http\\|.*:80$" ""; "~^https\\|.*:443$" ""; "~^[a-z]+\\|.*(:[0-9]+)$" $1; default ""; }',
];

/** The location lines answering with the redirect; http-level maps go to `httpLines`. */
export function redirectLines(
  needs: RouteNeeds,
  redirect: ResolvedRedirect,
  findings: FindingList,
  httpLines: string[],
): string[] {
  for (const line of REDIRECT_MAPS) if (!httpLines.includes(line)) httpLines.push(line);
  const key = routeKey(needs);
  const known = findings.items.length;
  const path = pathVariable(needs, redirect, findings, httpLines);
  // What the path map could not express (a finding each) is a comment here.
  const notes = findings.items.slice(known).map((f) => leftOut(f.message, '  '));
  const scheme = redirect.scheme ? literal(redirect.scheme) : '${scheme}';
  const host = redirect.host ? literal(redirect.host) : '${host}';
  let port = '';
  if (redirect.port !== undefined) {
    if (redirect.scheme) port = redirect.port === WELL_KNOWN[redirect.scheme] ? '' : `:${redirect.port}`;
    else {
      httpLines.push(
        `map $scheme $gw_${key}_port { ${portEntry(redirect.port)} default ":${redirect.port}"; }`,
      );
      port = `\${gw_${key}_port}`;
    }
  } else if (!redirect.scheme) port = '${gw_request_port}';
  const query = redirect.stripQuery ? '' : '${is_args}${args}';
  return [
    ...notes,
    '  # back to the request path (nginx decodes it; the Location uses the path as sent)',
    `  rewrite ^/__gateway/${key}(/.*)$ $1;`,
    `  return ${redirect.status} '${scheme}://${host}${port}${path}${query}';`,
  ];
}

function portEntry(port: number): string {
  return port === 80 ? 'http "";' : port === 443 ? 'https "";' : '';
}

/** `${gw_redirect_path}` (kept) or the variable of the route's path map. */
function pathVariable(
  needs: RouteNeeds,
  redirect: ResolvedRedirect,
  findings: FindingList,
  httpLines: string[],
): string {
  const rule = redirect.path;
  if (rule.kind === 'keep') return '${gw_redirect_path}';
  const entries = pathEntries(needs, rule, findings);
  if (entries === undefined) return '${gw_redirect_path}';
  const variable = `$gw_${routeKey(needs)}_location`;
  httpLines.push(
    `map $gw_redirect_path ${variable} {`,
    ...entries.map(([regex, value]) => `  ${quoteRegex(regex)} '${value}';`),
    '  default $gw_redirect_path;',
    '}',
  );
  return `\${${variable.slice(1)}}`;
}

/** `[~regex, value]` map entries (first match wins) giving the Location's path. */
function pathEntries(
  needs: RouteNeeds,
  rule: Exclude<ResolvedRedirect['path'], { kind: 'keep' }>,
  findings: FindingList,
): [string, string][] | undefined {
  const at = `${needs.at}.redirect`;
  const route = needs.path.ok ? needs.path.path : undefined;
  const flag = route?.caseInsensitive ? '~*' : '~';
  switch (rule.kind) {
    case 'prefix': {
      const from = escapeRegex(rule.from);
      const to = literal(rule.to);
      // A byte prefix's rest is appended as it is; `/` + `/rest` keeps one slash.
      return rule.to.endsWith('/')
        ? [
            [`${flag}^${from}/(.*)$`, `${to}$1`],
            [`${flag}^${from}(.*)$`, `${to}$1`],
          ]
        : [[`${flag}^${from}(.*)$`, `${to}$1`]];
    }
    case 'rest': {
      const suffix = '(?:/(.*))?$';
      if (!route?.regex.endsWith(suffix)) return undefined;
      const group = route.params.lastIndexOf('**') + 1;
      const head = route.regex.slice(0, -suffix.length);
      const to = literal(rule.to.endsWith('/') ? rule.to : `${rule.to}/`);
      return [
        [`${flag}${head}/(.+)$`, `${to}$${group}`],
        [`${flag}${route.regex}`, literal(rule.to)],
      ];
    }
    case 'template': {
      if (!route) return undefined;
      if (rule.template.includes('$')) {
        findings.unsupported(`${at}.path`, 'a `$` in the redirect template — the request path is kept');
        return undefined;
      }
      const target = templatePath(
        { kind: 'template', path: rule.template, params: route.params },
        (i) => `$${i}`,
      );
      return [[`${flag}${route.regex}`, literal(target).replace(/\$\{gw_dollar\}(\d+)/g, '$$$1')]];
    }
    case 'regex': {
      const { source, flags } = rule.pattern;
      const problem = flags.includes('g')
        ? 'a regex redirect with the g flag (every match replaced)'
        : /\$[&`']/.test(rule.replacement)
          ? "a replacement with $&, $` or $' — use numbered groups ($1)"
          : /\$<\w+>/.test(rule.replacement)
            ? 'a replacement with named groups ($<name>) — use numbered groups ($1)'
            : undefined;
      if (problem) {
        findings.unsupported(`${at}.regex`, `${problem} — the request path is kept`);
        return undefined;
      }
      const whole = wholePathRewrite(source, rule.replacement, (n) => `$${n}`);
      const value = literal(whole.replacement).replace(/\$\{gw_dollar\}(\d+)/g, '$$$1');
      return [[`${flags.includes('i') ? '~*' : '~'}${whole.regex}`, value]];
    }
  }
}
