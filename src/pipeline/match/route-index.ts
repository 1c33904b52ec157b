/**
 * `buildRouteIndex`: a trie on routes' static leading segments, so a lookup walks the request's
 * own segments instead of every route. Keys are lower-cased so case-insensitive routes are found
 * too; each candidate's own `test` then decides, so the index only ever narrows, never decides.
 */
import type { MatchableRoute, RouteIndex } from './api.js';

interface TrieNode {
  readonly children: Map<string, TrieNode>;
  /** Ranks of routes whose static prefix ends here. */
  readonly ranks: number[];
  /**
   * Ranks of every route on the way from the root's children down to here, ascending: a lookup
   * ends at the deepest node the path reaches and returns this, with no merging or allocation.
   * (The root's own routes are kept apart so they are not copied into every node.)
   */
  chain: readonly number[];
  /** Lowest rank of any route at or below this node (`Infinity` when none). */
  minRank: number;
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
  root.ranks.sort(byNumber);
  root.minRank = root.ranks[0] ?? Number.POSITIVE_INFINITY;
  for (const child of root.children.values()) root.minRank = Math.min(root.minRank, fillChains(child, NONE));
  return Object.freeze({
    size: routes.length,
    candidates: (path: string) => candidatesOf(root, path),
    nearest: (path: string) => {
      const rank = deepestNode(root, path).minRank;
      return Number.isFinite(rank) ? rank : undefined;
    },
  });
}

/** The deepest node whose key path is a prefix of the path's segments (lower-cased). */
function deepestNode(root: TrieNode, path: string): TrieNode {
  const lower = path.toLowerCase();
  let at = root;
  for (let start = 1; start < lower.length; ) {
    let end = lower.indexOf('/', start);
    if (end === -1) end = lower.length;
    const child = at.children.get(lower.slice(start, end));
    if (child === undefined) break;
    at = child;
    start = end + 1;
  }
  return at;
}

function candidatesOf(root: TrieNode, path: string): readonly number[] {
  const at = deepestNode(root, path);
  // Routes without a static prefix (RegExps, leading params or globs) are candidates for every path.
  if (root.ranks.length === 0) return at.chain;
  if (at === root || at.chain.length === 0) return root.ranks;
  return mergeSorted(root.ranks, at.chain);
}

function node(): TrieNode {
  return { children: new Map(), ranks: [], chain: NONE, minRank: Number.POSITIVE_INFINITY };
}

/** Fills `chain` and `minRank` below the root; returns this subtree's lowest rank. */
function fillChains(at: TrieNode, inherited: readonly number[]): number {
  at.ranks.sort(byNumber);
  at.chain = at.ranks.length === 0 ? inherited : mergeSorted(inherited, at.ranks);
  at.minRank = at.ranks[0] ?? Number.POSITIVE_INFINITY;
  for (const child of at.children.values()) at.minRank = Math.min(at.minRank, fillChains(child, at.chain));
  return at.minRank;
}

function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(a[i]! < b[j]! ? a[i++]! : b[j++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

function byNumber(a: number, b: number): number {
  return a - b;
}
