/**
 * What a reload changed, by name: routes and upstreams added, removed, or changed (same name, a
 * resolved config that differs anywhere — match, rewrite, auth, targets, timeouts…). Compares
 * `ResolvedConfig`s, so a comment or formatting edit changes nothing.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ResolvedConfig } from '../config/resolved.js';
import type { TableDiff } from '../events.js';

/** Diffs two resolved configs. */
export function diffConfigs(before: ResolvedConfig, after: ResolvedConfig): TableDiff {
  const routes = diffByName(
    new Map(before.routes.map((r) => [r.name, withoutIndex(r)])),
    new Map(after.routes.map((r) => [r.name, withoutIndex(r)])),
  );
  const upstreams = diffByName(
    new Map(Object.entries(before.upstreams)),
    new Map(Object.entries(after.upstreams)),
  );
  return {
    routesAdded: routes.added,
    routesRemoved: routes.removed,
    routesChanged: routes.changed,
    upstreamsAdded: upstreams.added,
    upstreamsRemoved: upstreams.removed,
    upstreamsChanged: upstreams.changed,
  };
}

/** Whether the diff says nothing changed in routes or upstreams. */
export function isEmptyDiff(diff: TableDiff): boolean {
  return Object.values(diff).every((names: readonly string[]) => names.length === 0);
}

/** A one-line summary: `+ route "admin", ~ route "users", - upstream "legacy"`, or `no route or upstream changes`. */
export function summarizeDiff(diff: TableDiff): string {
  const parts = [
    ...diff.routesAdded.map((n) => `+ route "${n}"`),
    ...diff.routesChanged.map((n) => `~ route "${n}"`),
    ...diff.routesRemoved.map((n) => `- route "${n}"`),
    ...diff.upstreamsAdded.map((n) => `+ upstream "${n}"`),
    ...diff.upstreamsChanged.map((n) => `~ upstream "${n}"`),
    ...diff.upstreamsRemoved.map((n) => `- upstream "${n}"`),
  ];
  return parts.length === 0 ? 'no route or upstream changes' : parts.join(', ');
}

// Inserting a route shifts the index of every later one; that alone is not a change to them.
function withoutIndex<T extends { index: number }>(route: T): Omit<T, 'index'> {
  const { index: _index, ...rest } = route;
  return rest;
}

function diffByName<T>(before: ReadonlyMap<string, T>, after: ReadonlyMap<string, T>) {
  const added: string[] = [];
  const removed: string[] = [];
  const changed: string[] = [];
  for (const [name, value] of after) {
    const previous = before.get(name);
    if (previous === undefined) added.push(name);
    else if (!isDeepStrictEqual(previous, value)) changed.push(name);
  }
  for (const name of before.keys()) if (!after.has(name)) removed.push(name);
  return { added, removed, changed };
}
