/**
 * Rewrite stage: the upstream path and query, and header edits, from a route's `rewrite`.
 * Path steps run in a fixed, documented order: stripPrefix, replacePrefix, regex, path template.
 */
import type { ResolvedRewrite } from '../config/resolved.js';

export interface RewriteResult {
  /** Path and query for the upstream. */
  readonly upstreamPath: string;
  /** Each path step that changed something: `replacePrefix /v1 → /api: /api/products/42`. */
  readonly steps: readonly string[];
}

/** What else the rewrite needs to know about the request and the route. */
export interface RewriteOptions {
  /** Query parameters to remove (an api-key sent in the query). */
  readonly removeQuery?: readonly string[];
  /** The client sent a `?` (kept even when the query is empty). */
  readonly hasQuery?: boolean;
  /** The route matches case-insensitively, so prefixes compare case-insensitively too. */
  readonly caseInsensitive?: boolean;
}

/**
 * Applies a route's rewrite to a normalized path and raw query.
 * @example rewritePath({ replacePrefix: { from: '/v1', to: '/api' }, … }, '/v1/products/42', '', {})
 *          // → { upstreamPath: '/api/products/42', steps: ['replacePrefix /v1 → /api: /api/products/42'] }
 */
export function rewritePath(
  rewrite: ResolvedRewrite | undefined,
  path: string,
  query: string,
  params: Readonly<Record<string, string>>,
  options: RewriteOptions = {},
): RewriteResult {
  const { removeQuery = [], hasQuery = false, caseInsensitive: ignoreCase = false } = options;
  const keepMark = hasQuery && query === '';
  if (!rewrite)
    return { upstreamPath: withQuery(path, editQuery(query, undefined, removeQuery), keepMark), steps: [] };
  const steps: string[] = [];
  let out = path;
  if (rewrite.stripPrefix !== undefined && hasSegmentPrefix(out, rewrite.stripPrefix, ignoreCase)) {
    out = out.slice(trimSlash(rewrite.stripPrefix).length) || '/';
    if (!out.startsWith('/')) out = `/${out}`;
    steps.push(`stripPrefix ${rewrite.stripPrefix}: ${out}`);
  }
  if (rewrite.replacePrefix && hasSegmentPrefix(out, rewrite.replacePrefix.from, ignoreCase)) {
    const { from, to } = rewrite.replacePrefix;
    const rest = out.slice(trimSlash(from).length);
    out = joinPath(trimSlash(to), rest);
    steps.push(`replacePrefix ${from} → ${to}: ${out}`);
  }
  if (rewrite.regex) {
    const next = out.replace(rewrite.regex.pattern, rewrite.regex.replacement);
    if (next !== out) {
      out = next.startsWith('/') ? next : `/${next}`;
      steps.push(`regex ${rewrite.regex.pattern} → ${rewrite.regex.replacement}: ${out}`);
    }
  }
  if (rewrite.path !== undefined) {
    out = fillTemplate(rewrite.path, params);
    steps.push(`path ${rewrite.path}: ${out}`);
  }
  const newQuery = editQuery(query, rewrite.query, removeQuery);
  if (newQuery !== query) steps.push(`query: ${newQuery === '' ? '(none)' : `?${newQuery}`}`);
  return { upstreamPath: withQuery(out, newQuery, keepMark), steps };
}

/**
 * Fills `:name` and `**` in a template with captured params. An empty `**` drops the
 * slash before it, so `/api/products/**` with nothing captured is `/api/products`.
 */
export function fillTemplate(template: string, params: Readonly<Record<string, string>>): string {
  const filled = template.replace(/\/\*\*|:([A-Za-z_][\w]*)/g, (token, name: string | undefined) => {
    if (name === undefined) {
      const rest = params['**'] ?? '';
      return rest === '' ? '' : `/${rest.replace(/^\/+/, '')}`;
    }
    return encodePathValue(params[name] ?? '');
  });
  return filled === '' ? '/' : filled;
}

/** Template parameter names a rewrite template refers to (`:id`, `**`), for lint. */
export function templateParams(template: string): string[] {
  return [...template.matchAll(/\/(\*\*)|:([A-Za-z_][\w]*)/g)].map((m) => m[1] ?? m[2] ?? '');
}

// Captured values are already-normalized path text; only characters that would change the
// path's structure are escaped, so `%2F` stays `%2F` and a value cannot add segments.
function encodePathValue(value: string): string {
  return value.replace(/[/?#]/g, (c) => encodeURIComponent(c));
}

/**
 * Segment-aware prefix: `/api` is a prefix of `/api` and `/api/x`, not of `/apix`. On a
 * case-insensitive route, `/API/x` has the prefix `/api` too: every spelling the route matches
 * is rewritten alike.
 */
function hasSegmentPrefix(path: string, prefix: string, ignoreCase: boolean): boolean {
  const p = trimSlash(prefix);
  if (p === '') return true;
  const head = path.slice(0, p.length);
  if (!(ignoreCase ? head.toLowerCase() === p.toLowerCase() : head === p)) return false;
  return path.length === p.length || path.charCodeAt(p.length) === 47;
}

function trimSlash(prefix: string): string {
  return prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
}

function joinPath(base: string, rest: string): string {
  if (rest === '') return base === '' ? '/' : base;
  return `${base}${rest}`;
}

function editQuery(
  query: string,
  edits: ResolvedRewrite['query'] | undefined,
  removeQuery: readonly string[],
): string {
  const hasEdits = edits && (Object.keys(edits.set).length > 0 || edits.remove.length > 0);
  if (!hasEdits && removeQuery.length === 0) return query;
  const params = new URLSearchParams(query);
  for (const name of removeQuery) params.delete(name);
  if (edits) {
    for (const name of edits.remove) params.delete(name);
    for (const [name, value] of Object.entries(edits.set)) params.set(name, value);
  }
  return params.toString();
}

/** `keepMark`: the client sent `?` with nothing after it, and the query is kept as received. */
function withQuery(path: string, query: string, keepMark: boolean): string {
  if (query === '') return keepMark ? `${path}?` : path;
  return `${path}?${query}`;
}
