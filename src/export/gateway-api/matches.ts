/**
 * HTTPRoute matches from a route's conditions. Matches in one rule are ORed, so each method is
 * its own match carrying the same path, headers and query. Paths: `Exact`, `PathPrefix` (gateway's
 * `/a/**` is element-wise like it), else `RegularExpression` (implementation-specific syntax).
 */
import type { ValueMatcher } from '../../config/resolved.js';
import type { RouteNeeds } from '../analysis.js';
import type { FindingList } from '../types.js';

export interface HttpRouteMatch {
  path?: { type: 'Exact' | 'PathPrefix' | 'RegularExpression'; value: string };
  method?: string;
  headers?: { type: 'Exact' | 'RegularExpression'; name: string; value: string }[];
  queryParams?: { type: 'Exact' | 'RegularExpression'; name: string; value: string }[];
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);

/** The route's matches (one per method), with findings for what a match cannot say. */
export function routeMatches(needs: RouteNeeds, findings: FindingList): HttpRouteMatch[] {
  const base: HttpRouteMatch = {};
  if (needs.path.ok) {
    const p = needs.path.path;
    if (p.kind === 'exact' && !p.caseInsensitive) base.path = { type: 'Exact', value: p.literal! };
    else if (p.kind === 'prefix' && !p.caseInsensitive)
      base.path = { type: 'PathPrefix', value: p.literal || '/' };
    else {
      base.path = { type: 'RegularExpression', value: `${p.caseInsensitive ? '(?i)' : ''}${p.regex}` };
      // PathPrefix compares whole path elements; a byte prefix (`/api` matching `/apix`) is a regex.
      if (p.kind === 'byte-prefix')
        findings.approximate(
          `${needs.at}.match.prefix`,
          `byte prefix "${p.literal}": PathPrefix compares whole path elements, so it is a RegularExpression match — its syntax and its precedence against other rules are implementation-specific`,
        );
      else
        findings.approximate(
          `${needs.at}.match.path`,
          'a RegularExpression path match: its syntax and its precedence against other rules are implementation-specific',
        );
    }
  } else {
    findings.unsupported(`${needs.at}.match.path`, `path pattern: ${needs.path.reason}`);
  }
  const headers = conditions(needs.route.match.headers, `${needs.at}.match.headers`, findings);
  if (headers.length > 0) base.headers = headers;
  const query = conditions(needs.route.match.query, `${needs.at}.match.query`, findings);
  if (query.length > 0) base.queryParams = query;
  const methods = needs.route.match.methods;
  if (!methods) return [base];
  const known = methods.filter((m) => METHODS.has(m));
  if (known.length < methods.length) {
    findings.unsupported(
      `${needs.at}.match.methods`,
      `methods ${methods.filter((m) => !METHODS.has(m)).join(', ')} are not HTTPRoute methods`,
    );
  }
  return known.map((method) => ({ ...base, method }));
}

/** Header or query conditions as Gateway API matches (`Exact` or `RegularExpression`). */
export function conditions(
  matchers: Readonly<Record<string, ValueMatcher>>,
  at: string,
  findings: FindingList,
): { type: 'Exact' | 'RegularExpression'; name: string; value: string }[] {
  const out: { type: 'Exact' | 'RegularExpression'; name: string; value: string }[] = [];
  for (const [name, matcher] of Object.entries(matchers)) {
    if (matcher.kind === 'exact') out.push({ type: 'Exact', name, value: matcher.value });
    else if (matcher.kind === 'present') out.push({ type: 'RegularExpression', name, value: '.*' });
    else if (matcher.kind === 'regex') {
      out.push({
        type: 'RegularExpression',
        name,
        value: `${matcher.regex.flags.includes('i') ? '(?i)' : ''}${matcher.regex.source}`,
      });
    } else
      findings.unsupported(
        `${at}.${name}`,
        `"${name}" must be absent: HTTPRoute matches only on what is present`,
      );
  }
  return out;
}

/**
 * Gateway API's precedence among overlapping rules (GEP: exact path, longest prefix, method,
 * most headers, most query parameters) is not gateway's first match. Reports each later route
 * that Gateway API would rank before an earlier route covering the same paths.
 */
export function precedenceFindings(routes: readonly RouteNeeds[], findings: FindingList): void {
  for (const [j, later] of routes.entries()) {
    if (!later.path.ok || !becomesRule(later)) continue;
    for (const earlier of routes.slice(0, j)) {
      if (!earlier.path.ok || !becomesRule(earlier)) continue;
      if (!covers(earlier, later) || !methodsOverlap(earlier, later)) continue;
      if (score(later) > score(earlier)) {
        findings.unsupported(
          `${later.at}.match`,
          `Gateway API ranks this rule before "${earlier.route.name}" (${earlier.at}): its match is more specific (exact path, longer prefix, method, more headers), but gateway tries "${earlier.route.name}" first — give "${earlier.route.name}" a condition that makes it the more specific, or reorder the routes`,
        );
        break;
      }
    }
  }
}

/** Routes that become HTTPRoute rules: forwarding (to one upstream or a split) or redirecting. */
function becomesRule(needs: RouteNeeds): boolean {
  return (
    needs.action.kind === 'upstream' || needs.route.split !== undefined || needs.route.redirect !== undefined
  );
}

/** Whether `a`'s path matches everything `b`'s does (by literal prefix; regexes are compared by text). */
function covers(a: RouteNeeds, b: RouteNeeds): boolean {
  if (!a.path.ok || !b.path.ok) return false;
  const pa = a.path.path;
  const pb = b.path.path;
  if (pa.regex === pb.regex) return true;
  if (pa.kind === 'byte-prefix') return pb.literal?.startsWith(pa.literal!) ?? false;
  if (pa.kind !== 'prefix' || pb.literal === undefined) return false;
  const prefix = pa.literal ?? '';
  return pb.literal === prefix || pb.literal.startsWith(`${prefix}/`) || prefix === '';
}

function methodsOverlap(a: RouteNeeds, b: RouteNeeds): boolean {
  const ma = a.route.match.methods;
  const mb = b.route.match.methods;
  return !ma || !mb || ma.some((m) => mb.includes(m));
}

function score(needs: RouteNeeds): number {
  const p = needs.path.ok ? needs.path.path : undefined;
  const pathScore = p?.kind === 'exact' ? 1e6 : p?.kind === 'prefix' ? (p.literal?.length ?? 0) * 1e3 : 0;
  const m = needs.route.match;
  return pathScore + (m.methods ? 100 : 0) + Object.keys(m.headers).length * 10 + Object.keys(m.query).length;
}
