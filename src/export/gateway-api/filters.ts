/**
 * HTTPRoute filters from a route's rewrite: `RequestHeaderModifier` for header edits,
 * `URLRewrite` for a prefix replaced on a `PathPrefix` match (strip/replace a prefix of it, or a
 * template that only appends the route's `/**`) or a fixed path. Regex rewrites, templates with
 * other parameters, and query edits have no standard filter: findings.
 */
import type { RouteNeeds } from '../analysis.js';
import type { FindingList } from '../types.js';
import { matchedPrefix, replacePrefix, shiftedPrefix } from './path-modifier.js';

export function routeFilters(needs: RouteNeeds, findings: FindingList): unknown[] {
  const filters: unknown[] = [];
  const rewrite = needs.route.rewrite;
  const at = `${needs.at}.rewrite`;
  const matched = matchedPrefix(needs);
  const r = needs.rewrite;
  if (r.kind === 'strip-prefix' || r.kind === 'replace-prefix') {
    const from = (r.kind === 'strip-prefix' ? r.prefix : r.from).replace(/\/$/, '') || '/';
    const to = r.kind === 'strip-prefix' ? '/' : r.to;
    // Stripping `/canary` from a `/canary/orders` match replaces that match with `/orders`.
    const shifted = matched.ok ? shiftedPrefix(matched.prefix, from, to) : undefined;
    if (shifted !== undefined)
      filters.push({ type: 'URLRewrite', urlRewrite: { path: replacePrefix(shifted) } });
    else
      findings.unsupported(
        at,
        matched.ok
          ? `a prefix rewrite of "${from}" needs the route's path to be "${from}/**" or a prefix under it (ReplacePrefixMatch replaces what a PathPrefix match matched)`
          : `a prefix rewrite of "${from}": ${matched.reason}`,
      );
  } else if (r.kind === 'template') {
    const hasParams = r.params.some((p) => r.path.includes(p === '**' ? '**' : `:${p}`));
    // `/api/**` on `/v1/**` only appends the rest: the matched prefix replaced.
    const to = r.path.replace(/\/\*\*$/, '');
    if (!hasParams)
      filters.push({
        type: 'URLRewrite',
        urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: r.path } },
      });
    else if (matched.ok && r.path.endsWith('/**') && r.params.length === 1 && !to.includes(':'))
      filters.push({ type: 'URLRewrite', urlRewrite: { path: replacePrefix(to) } });
    else
      findings.unsupported(
        `${at}.path`,
        'a path template with parameters: URLRewrite replaces the whole path or a prefix only',
      );
  } else if (r.kind === 'regex') {
    findings.unsupported(
      `${at}.regex`,
      'a regex rewrite: URLRewrite replaces the whole path or a prefix only',
    );
  }
  if (rewrite && (Object.keys(rewrite.query.set).length > 0 || rewrite.query.remove.length > 0)) {
    findings.unsupported(`${at}.query`, 'query edits: HTTPRoute has no query modifier filter');
  }
  hostRewrite(needs, filters, findings);
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

/**
 * `rewrite.host`: a literal hostname is `URLRewrite.hostname` (Extended), in the one URLRewrite
 * filter a rule may have. A port in it, or the target's own host, has no standard form.
 */
function hostRewrite(needs: RouteNeeds, filters: unknown[], findings: FindingList): void {
  const host = needs.route.rewrite?.host;
  if (host === undefined) return;
  const at = `${needs.at}.rewrite.host`;
  if (host.kind === 'target') {
    findings.approximate(
      at,
      "the target's own host: the upstream gets the client's Host unless the implementation rewrites it (Envoy Gateway and Istio send the Service's name only when told to)",
    );
    return;
  }
  if (
    /^[\d.]+$/.test(host.value) ||
    !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/i.test(host.value)
  ) {
    findings.unsupported(
      at,
      `Host "${host.value}": URLRewrite's hostname is a plain DNS name (no port, no IP) — the upstream gets the client's Host`,
    );
    return;
  }
  const existing = filters.find((f) => (f as { type: string }).type === 'URLRewrite') as
    | { urlRewrite: Record<string, unknown> }
    | undefined;
  if (existing) existing.urlRewrite.hostname = host.value;
  else filters.push({ type: 'URLRewrite', urlRewrite: { hostname: host.value } });
}
