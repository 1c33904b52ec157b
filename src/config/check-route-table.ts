/**
 * The cross-key checks of the route-table options: `path` or `prefix`, client address ranges,
 * traffic splits, mirrors and redirects. Part of `checkReferences` (check-refs.ts).
 */
import type { ParsedConfig, Path, Report, Route } from './check-refs.js';
import { didYouMean } from './suggest.js';
import { cidrProblem } from './values.js';

// Each side must exist and speak HTTP (a gRPC or SOAP call is planned for one upstream's protos
// or WSDL); a name given twice would split against itself.
export function checkSplit(route: Route, base: Path, config: ParsedConfig, report: Report): void {
  const upstreams = config.upstreams ?? {};
  const seen = new Set<string>();
  for (const [index, entry] of (route.upstream as { name: string }[]).entries()) {
    const path = [...base, 'upstream', index, 'name'];
    const upstream = upstreams[entry.name];
    if (seen.has(entry.name)) report(path, `${JSON.stringify(entry.name)} is already in this split`);
    seen.add(entry.name);
    if (upstream === undefined) {
      const hint = didYouMean(entry.name, Object.keys(upstreams));
      report(path, `${JSON.stringify(entry.name)} is not defined${hint || ' in "upstreams"'}`);
    } else if (typeof upstream !== 'string' && (upstream.protocol ?? 'http') !== 'http') {
      report(path, `"${entry.name}" speaks ${upstream.protocol}; a traffic split is between HTTP upstreams`);
    }
  }
  for (const key of ['grpc', 'soap'] as const)
    if (route[key] !== undefined)
      report([...base, key], `a traffic split is between HTTP upstreams; remove "${key}"`);
}

/** The mirror upstream exists and speaks HTTP, and the route forwards HTTP requests to copy. */
export function checkMirror(route: Route, path: Path, config: ParsedConfig, report: Report): void {
  const upstreams = config.upstreams ?? {};
  const name = route.mirror!.upstream;
  const upstream = upstreams[name];
  if (upstream === undefined) {
    const hint = didYouMean(name, Object.keys(upstreams));
    report(path, `${JSON.stringify(name)} is not defined${hint || ' in "upstreams"'}`);
  } else if (typeof upstream !== 'string' && (upstream.protocol ?? 'http') !== 'http') {
    report(path, `"${name}" speaks ${upstream.protocol}; requests are mirrored to HTTP upstreams`);
  } else if (route.upstream === undefined) {
    report(path, 'only forwarded requests are mirrored — this route answers itself');
  } else if (typeof route.upstream === 'string') {
    const primary = upstreams[route.upstream];
    const protocol =
      primary === undefined || typeof primary === 'string' ? 'http' : (primary.protocol ?? 'http');
    if (protocol !== 'http')
      report(path, `only HTTP requests are mirrored; "${route.upstream}" speaks ${protocol}`);
  }
}

/** `path` or `prefix` (one of them), and `clientIp` entries that are addresses or CIDR ranges. */
export function checkMatch(match: Route['match'], base: Path, report: Report): void {
  if (match.path !== undefined && match.prefix !== undefined)
    report(base, 'give "path" (a pattern) or "prefix" (a byte prefix), not both');
  else if (match.path === undefined && match.prefix === undefined)
    report(base, `missing "path" (e.g. '/users/:id') or "prefix" (e.g. '/api')`);
  if (match.clientIp !== undefined) {
    const list = [match.clientIp].flat();
    list.forEach((range, index) => {
      const problem = cidrProblem(range);
      if (problem) report([...base, 'clientIp', ...(Array.isArray(match.clientIp) ? [index] : [])], problem);
    });
  }
}

/** At most one way to build the path; `prefix` only where the route has a prefix to replace. */
export function checkRedirect(
  redirect: NonNullable<Route['redirect']>,
  match: Route['match'],
  base: Path,
  report: Report,
): void {
  const paths = (['path', 'prefix', 'regex'] as const).filter((key) => redirect[key] !== undefined);
  if (paths.length > 1)
    report(base, `give one of ${paths.map((key) => `"${key}"`).join(', ')} — each replaces the path`);
  const endsInRest = typeof match.path === 'string' && (match.path === '/**' || match.path.endsWith('/**'));
  if (redirect.prefix !== undefined && match.prefix === undefined && !endsInRest)
    report(
      [...base, 'prefix'],
      `replaces what the route's prefix matched, but the route has neither "match.prefix" nor a path ending in "/**" — use "path" (a template) instead`,
    );
}
