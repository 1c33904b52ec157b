/**
 * `ReplacePrefixMatch`, the one path edit HTTPRoute has besides a fixed path: it replaces what a
 * `PathPrefix` match matched, element-wise. Gateway's prefix rewrites and redirects become one when
 * the route's path is a prefix (`/docs/**`); CEL then wants exactly one match per rule.
 */
import type { RouteNeeds } from '../analysis.js';

export interface PathModifier {
  readonly type: 'ReplaceFullPath' | 'ReplacePrefixMatch';
  readonly replaceFullPath?: string;
  readonly replacePrefixMatch?: string;
}

/** What the route's `PathPrefix` match is (`/docs` for `/docs/**`), or why it has none. */
export function matchedPrefix(
  needs: RouteNeeds,
): { ok: true; prefix: string } | { ok: false; reason: string } {
  if (!needs.path.ok) return { ok: false, reason: needs.path.reason };
  const p = needs.path.path;
  if (p.kind === 'prefix' && !p.caseInsensitive) return { ok: true, prefix: p.literal || '/' };
  if (p.kind === 'byte-prefix')
    return {
      ok: false,
      reason: `the route's byte prefix "${p.literal}" is a RegularExpression match, and ReplacePrefixMatch only replaces a PathPrefix match (use \`match.path: '${p.literal!.replace(/\/$/, '')}/**'\` for whole path elements)`,
    };
  return {
    ok: false,
    reason: `ReplacePrefixMatch needs the route's path to be a prefix ending in "/**" (a PathPrefix match)`,
  };
}

/** `ReplacePrefixMatch` with `to` (the empty prefix is `/`). */
export function replacePrefix(to: string): PathModifier {
  return { type: 'ReplacePrefixMatch', replacePrefixMatch: to || '/' };
}

/**
 * `to` and what follows `from` in the matched prefix: stripping `/canary` from a `/canary/orders`
 * match replaces the match with `/orders`. `undefined` when `from` is not whole elements of it.
 */
export function shiftedPrefix(matched: string, from: string, to: string): string | undefined {
  const base = from.replace(/\/$/, '');
  if (matched !== base && !matched.startsWith(`${base}/`) && base !== '') return undefined;
  const rest = matched.slice(base.length);
  const joined = `${to.replace(/\/$/, '')}${rest}`;
  return joined === '' ? '/' : joined;
}

/** Whether a rule's filters replace a prefix (so each of its matches needs a rule of its own). */
export function replacesPrefix(filters: readonly unknown[]): boolean {
  return filters.some((f) => {
    const filter = f as { urlRewrite?: { path?: PathModifier }; requestRedirect?: { path?: PathModifier } };
    return (filter.urlRewrite ?? filter.requestRedirect)?.path?.type === 'ReplacePrefixMatch';
  });
}
