/**
 * gateway's first-match order in nginx. nginx picks a location by its own precedence (exact,
 * longest prefix, then regexes in file order) and only by path, so routes are not turned into
 * locations directly. Instead one `map` per condition of each route gives 1 or 0, one `map`
 * per route joins them, and one last `map` over the joined flags picks the first route whose
 * flags are all 1 — nginx tests a map's regexes in the order written, first match wins. The
 * server then rewrites every request to `/__gateway/<route>/<path>`, an internal location per route.
 */
import type { ValueMatcher } from '../../config/resolved.js';
import type { RouteNeeds } from '../analysis.js';
import { escapeRegex } from '../path-regex.js';
import { clientConditionMaps } from './client-conditions.js';
import { argVariable, headerVariable, quote, quoteRegex } from './text.js';

/** The location name of a route: `r3` for the route at evaluation position 3. */
export function routeKey(needs: RouteNeeds): string {
  return `r${needs.rank}`;
}

/** The `map` blocks (http level) that set `$gw_route` to the first matching route's key, or `none`. */
export function dispatchMaps(
  routes: readonly RouteNeeds[],
  trustedProxies: readonly string[] = [],
): string[] {
  const out: string[] = ['map $request_uri $gw_plain_path { "~*^[^?]*%(2f|5c)" 0; default 1; }'];
  const flags: string[] = [];
  for (const needs of routes) {
    const key = routeKey(needs);
    const { match } = needs.route;
    const parts: string[] = [];
    out.push(`# route "${needs.route.name}" (${needs.at})`);
    if (needs.path.ok) {
      const p = needs.path.path;
      parts.push(flagMap('$uri', `$gw_${key}_path`, [[`${p.caseInsensitive ? '~*' : '~'}${p.regex}`, '1']]));
    } else {
      parts.push(`map $uri $gw_${key}_path { default 0; }`);
    }
    if (match.methods) {
      const entries = match.methods.map((m): [string, string] => [m, '1']);
      parts.push(flagMap('$request_method', `$gw_${key}_method`, entries, false));
    }
    if (match.host) {
      const entries = match.host.map((h): [string, string] =>
        typeof h === 'string'
          ? [h.startsWith('*.') ? `~*^.+\\.${escapeRegex(h.slice(2))}$` : `~*^${escapeRegex(h)}$`, '1']
          : [`${h.flags.includes('i') ? '~*' : '~'}${h.source}`, '1'],
      );
      parts.push(flagMap('$host', `$gw_${key}_host`, entries));
    }
    Object.entries(match.headers).forEach(([name, matcher], i) => {
      parts.push(valueMap(headerVariable(name), `$gw_${key}_h${i}`, matcher));
    });
    Object.entries(match.query).forEach(([name, matcher], i) => {
      parts.push(valueMap(argVariable(name), `$gw_${key}_q${i}`, matcher));
    });
    const vars = parts.map((p) => /\$gw_\w+/.exec(p.split('{')[0]!)![0]);
    const client = clientConditionMaps(needs, key, trustedProxies);
    parts.push(...client.lines);
    vars.push(...client.vars);
    // As gateway: a route matches a path with %2F or %5C only when it allows encoded slashes.
    if (!match.allowEncodedSlashes) vars.push('$gw_plain_path');
    out.push(...parts);
    out.push(`map "${vars.join('')}" $gw_${key} { ${quote('1'.repeat(vars.length))} 1; default 0; }`);
    flags.push(`$gw_${key}`);
  }
  const entries = routes.map((needs, i) => `  ${quoteRegex(`~^${'0'.repeat(i)}1`)} ${routeKey(needs)};`);
  out.push('# the first route (in evaluation order) whose conditions all hold');
  out.push(`map "${flags.join('')}" $gw_route {`, ...entries, '  default none;', '}');
  return out;
}

function flagMap(source: string, target: string, entries: readonly [string, string][], regex = true): string {
  const lines = entries.map(([key, value]) => `${regex ? quoteRegex(key) : key} ${value};`);
  return `map ${source} ${target} { ${lines.join(' ')} default 0; }`;
}

/** A header or query condition: present, absent, exact (case-sensitive, as gateway), regex. */
function valueMap(source: string, target: string, matcher: ValueMatcher): string {
  switch (matcher.kind) {
    case 'present':
      return `map ${source} ${target} { "" 0; default 1; }`;
    case 'absent':
      return `map ${source} ${target} { "" 1; default 0; }`;
    case 'exact':
      // map compares plain strings case-insensitively; an anchored regex keeps gateway's exact match.
      return flagMap(source, target, [[`~^${escapeRegex(matcher.value)}$`, '1']]);
    case 'regex':
      return flagMap(source, target, [
        [`${matcher.regex.flags.includes('i') ? '~*' : '~'}${matcher.regex.source}`, '1'],
      ]);
  }
}
