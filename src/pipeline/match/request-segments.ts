/**
 * A normalized request path split into segments, shared by every route tested for the same
 * request: `matchRoute` tests many routes against one path, so the split is cached (one entry).
 */

export class RequestSegments {
  /** `/a/b/` → `['a', 'b']`; `/` → `[]`. */
  readonly segments: readonly string[];
  readonly hasTrailingSlash: boolean;
  #lower: readonly string[] | undefined;

  constructor(readonly path: string) {
    const segments = path === '/' ? [] : path.slice(1).split('/');
    this.hasTrailingSlash = segments.length > 0 && segments[segments.length - 1] === '';
    if (this.hasTrailingSlash) segments.pop();
    this.segments = segments;
  }

  /** The segments lower-cased (computed on first use, for case-insensitive routes). */
  get lower(): readonly string[] {
    this.#lower ??= this.segments.map((s) => s.toLowerCase());
    return this.#lower;
  }
}

let last: RequestSegments | undefined;

/** Splits a normalized path (no empty segments except a trailing one). */
export function splitRequestPath(path: string): RequestSegments {
  if (last === undefined || last.path !== path) last = new RequestSegments(path);
  return last;
}
