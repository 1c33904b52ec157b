/**
 * The upstream path in nginx: `rewrite` lines for the route's path rewrite (strip or replace a
 * prefix, a regex, a template) and the `map`s that make its query edits from `$args`.
 */
import { type RouteNeeds, templatePath } from '../analysis.js';
import { escapeRegex } from '../path-regex.js';
import { wholePathRewrite } from '../shared/regex-rewrite.js';
import { ident } from '../shared/text.js';
import type { FindingList } from '../types.js';
import { routeKey } from './dispatch.js';
import type { LocationContext } from './locations.js';
import { quote, quoteRegex } from './text.js';

/** `rewrite` lines (no flag: the location's `break` ends them) for the route's path rewrite. */
export function rewriteLines(needs: RouteNeeds, findings: FindingList): string[] {
  const rewrite = needs.rewrite;
  switch (rewrite.kind) {
    case 'none':
      return [];
    case 'strip-prefix': {
      const prefix = escapeRegex(rewrite.prefix.replace(/\/$/, ''));
      return [`  rewrite ${quoteRegex(`^${prefix}$`)} /;`, `  rewrite ${quoteRegex(`^${prefix}(/.*)$`)} $1;`];
    }
    case 'replace-prefix': {
      const from = escapeRegex(rewrite.from.replace(/\/$/, ''));
      const to = rewrite.to.replace(/\/$/, '');
      return [`  rewrite ${quoteRegex(`^${from}(/.*)?$`)} ${quoteRegex(`${to}$1`)};`];
    }
    case 'regex': {
      if (/\$[&`']/.test(rewrite.replacement)) {
        findings.unsupported(
          `${needs.at}.rewrite.regex`,
          "a replacement with $&, $` or $' — use numbered groups ($1)",
        );
        return [];
      }
      if (rewrite.global) {
        findings.unsupported(
          `${needs.at}.rewrite.regex`,
          'a regex rewrite with the g flag (every match replaced)',
        );
        return [];
      }
      if (/\$<\w+>/.test(rewrite.replacement)) {
        findings.unsupported(
          `${needs.at}.rewrite.regex`,
          'a replacement with named groups ($<name>) — use numbered groups ($1)',
        );
        return [];
      }
      const whole = wholePathRewrite(rewrite.pattern, rewrite.replacement, (n) => `$${n}`);
      const flags = rewrite.caseInsensitive ? '(?i)' : '';
      return [`  rewrite ${quoteRegex(`${flags}${whole.regex}`)} ${quoteRegex(whole.replacement)};`];
    }
    case 'template': {
      if (!needs.path.ok) return [];
      const p = needs.path.path;
      if (rewrite.path.includes('$')) {
        findings.unsupported(`${needs.at}.rewrite.path`, 'a `$` in the template path');
        return [];
      }
      const target = templatePath(rewrite, (i) => `$${i}`);
      return [
        `  rewrite ${quoteRegex(`${p.caseInsensitive ? '(?i)' : ''}${p.regex}`)} ${quoteRegex(target)};`,
      ];
    }
  }
}

/** The map (http level) that makes the route's new query string from `$args`. */
export function queryMap(needs: RouteNeeds, ctx: LocationContext): string[] {
  const key = routeKey(needs);
  const query = needs.route.rewrite!.query;
  const out: string[] = [];
  // A split's sides share the route's maps: written once.
  const http: string[] = [];
  let source = '$args';
  const names = [...query.remove, ...Object.keys(query.set)];
  // Each step drops one parameter (wherever it stands), then the set ones are appended.
  names.forEach((name, i) => {
    const target = `$gw_${key}_args${i}`;
    const param = escapeRegex(name);
    http.push(
      `map ${source} ${target} {`,
      `  ${quoteRegex(`~^${param}(?:=[^&]*)?(?:&(.*))?$`)} "$1";`,
      `  ${quoteRegex(`~^(.*?)&${param}(?:=[^&]*)?(&.*)?$`)} "$1$2";`,
      `  default ${source};`,
      '}',
    );
    source = target;
  });
  const added = Object.entries(query.set)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  http.push(
    `map ${source} $gw_${key}_args { "" ${quote(added)}; default ${added ? `"${source}&${added}"` : source}; }`,
  );
  if (!ctx.httpLines.includes(http[http.length - 1]!)) ctx.httpLines.push(...http);
  out.push(
    `  # query: ${names.map((n) => ident(n)).join(', ')} dropped, then ${added || 'nothing'} appended`,
  );
  return out;
}
