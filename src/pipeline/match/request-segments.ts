/**
 * A normalized request path split into segments, shared by every route tested for the same
 * request: `matchRoute` tests many routes against one path, so the split is cached (one entry).
 */

export interface RequestSegments {
  readonly path: string;
  /** `/a/b/` → `['a', 'b']`; `/` → `[]`. */
  readonly segments: readonly string[];
  /** The same, lower-cased (computed on first use, for case-insensitive routes). */
  readonly lower: readonly string[];
  readonly hasTrailingSlash: boolean;
}

let last: RequestSegments | undefined;

/** Splits a normalized path (no empty segments except a trailing one). */
export function splitRequestPath(path: string): RequestSegments {
  if (last !== undefined && last.path === path) return last;
  const segments = path === '/' ? [] : path.slice(1).split('/');
  const hasTrailingSlash = segments.length > 0 && segments[segments.length - 1] === '';
  if (hasTrailingSlash) segments.pop();
  let lower: string[] | undefined;
  last = {
    path,
    segments,
    hasTrailingSlash,
    get lower() {
      lower ??= segments.map((s) => s.toLowerCase());
      return lower;
    },
  };
  return last;
}
