/**
 * HTTPRoute filters from a route's rewrite: `RequestHeaderModifier` for header edits,
 * `URLRewrite` for a prefix replaced on a `PathPrefix` match or a fixed path. Regex and
 * template rewrites with parameters, and query edits, have no standard filter: findings.
 */
import type { RouteNeeds } from '../analysis.js';
import type { FindingList } from '../types.js';

export function routeFilters(needs: RouteNeeds, findings: FindingList): unknown[] {
  const filters: unknown[] = [];
  const rewrite = needs.route.rewrite;
  const at = `${needs.at}.rewrite`;
  const prefix =
    needs.path.ok && needs.path.path.kind === 'prefix' ? needs.path.path.literal || '/' : undefined;
  const r = needs.rewrite;
  if (r.kind === 'strip-prefix' || r.kind === 'replace-prefix') {
    const from = (r.kind === 'strip-prefix' ? r.prefix : r.from).replace(/\/$/, '') || '/';
    const to = r.kind === 'strip-prefix' ? '/' : r.to;
    if (prefix === from)
      filters.push({
        type: 'URLRewrite',
        urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: to } },
      });
    else
      findings.unsupported(
        at,
        `a prefix rewrite of "${from}" needs the route's path to be the prefix "${from}/**" (ReplacePrefixMatch)`,
      );
  } else if (r.kind === 'template') {
    if (r.params.some((p) => r.path.includes(p === '**' ? '**' : `:${p}`))) {
      findings.unsupported(
        `${at}.path`,
        'a path template with parameters: URLRewrite replaces the whole path or a prefix only',
      );
    } else
      filters.push({
        type: 'URLRewrite',
        urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: r.path } },
      });
  } else if (r.kind === 'regex') {
    findings.unsupported(
      `${at}.regex`,
      'a regex rewrite: URLRewrite replaces the whole path or a prefix only',
    );
  }
  if (rewrite && (Object.keys(rewrite.query.set).length > 0 || rewrite.query.remove.length > 0)) {
    findings.unsupported(`${at}.query`, 'query edits: HTTPRoute has no query modifier filter');
  }
  const set = Object.entries(rewrite?.headers.set ?? {}).map(([name, value]) => ({ name, value }));
  const remove = [...(rewrite?.headers.remove ?? [])];
  if (set.length > 0 || remove.length > 0) {
    filters.push({
      type: 'RequestHeaderModifier',
      requestHeaderModifier: { ...(set.length > 0 && { set }), ...(remove.length > 0 && { remove }) },
    });
  }
  return filters;
}
