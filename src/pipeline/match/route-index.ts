/**
 * `buildRouteIndex`: a trie on routes' static leading segments, so a lookup walks the request's
 * own segments instead of every route. Keys are lower-cased so case-insensitive routes are found
 * too; each candidate's own `test` then decides, so the index only ever narrows, never decides.
 */
import type { MatchableRoute, RouteIndex } from './api.js';

interface TrieNode {
  readonly children: Map<string, TrieNode>;
  /** Ranks of routes whose static prefix ends here, ascending. */
  readonly ranks: number[];
}

const NONE: readonly number[] = Object.freeze([]);

/**
 * Builds the index for routes (any order; each carries its `rank`).
 * @example
 * const index = buildRouteIndex(routes);
 * index.candidates('/v1/products/42') // [3, 7]: `/v1/products/:id`, `/v1/**`, and every regex route
 */
export function buildRouteIndex(routes: readonly MatchableRoute[]): RouteIndex {
  const root = node();
  for (const route of routes) {
    let at = root;
    for (const segment of route.match.staticPrefix) {
      const key = segment.toLowerCase();
      let child = at.children.get(key);
      if (child === undefined) {
        child = node();
        at.children.set(key, child);
      }
      at = child;
    }
    at.ranks.push(route.rank);
  }
  sortAll(root);
  return Object.freeze({ size: routes.length, candidates: (path: string) => candidatesOf(root, path) });
}

function candidatesOf(root: TrieNode, path: string): readonly number[] {
  const lower = path.toLowerCase();
  let found: readonly number[] = root.ranks;
  let merged: number[] | undefined;
  let at = root;
  for (let start = 1; start < lower.length; ) {
    let end = lower.indexOf('/', start);
    if (end === -1) end = lower.length;
    const child = at.children.get(lower.slice(start, end));
    if (child === undefined) break;
    at = child;
    if (at.ranks.length > 0) {
      if (found.length === 0) found = at.ranks;
      else {
        merged ??= [...found];
        merged.push(...at.ranks);
      }
    }
    start = end + 1;
  }
  if (merged === undefined) return found.length === 0 ? NONE : found;
  return merged.sort(byNumber);
}

function node(): TrieNode {
  return { children: new Map(), ranks: [] };
}

function sortAll(at: TrieNode): void {
  at.ranks.sort(byNumber);
  for (const child of at.children.values()) sortAll(child);
}

function byNumber(a: number, b: number): number {
  return a - b;
}
