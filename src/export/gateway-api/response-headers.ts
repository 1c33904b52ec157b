/**
 * `responseHeaders` as a `ResponseHeaderModifier` filter. gateway applies `remove`, then `set`,
 * then `add`; the filter allows one action per header name, so edits of one name are folded into
 * the one action with the same result: set + add → set to both values joined with `, `;
 * remove + add → set to the added value; remove + set → set.
 */
import type { RouteNeeds } from '../analysis.js';
import type { FindingList } from '../types.js';

/** The filter's `set`, `add` and `remove` lists hold 16 entries each. */
const MAX_ENTRIES = 16;

/** The route's ResponseHeaderModifier filter, or `undefined` when it edits nothing. */
export function responseHeaderFilter(needs: RouteNeeds, findings: FindingList): unknown {
  const edits = needs.route.responseHeaders;
  if (edits === undefined) return undefined;
  const at = `${needs.at}.responseHeaders`;
  const set = new Map(Object.entries(edits.set));
  const add = new Map<string, string>();
  for (const [name, value] of Object.entries(edits.add)) {
    const current = set.get(name);
    if (current !== undefined && name === 'set-cookie') {
      findings.approximate(
        `${at}.add.${name}`,
        'set-cookie both set and added: the filter allows one action per header — only the set cookie is sent',
      );
    } else if (current !== undefined) set.set(name, `${current}, ${value}`);
    else if (edits.remove.includes(name)) set.set(name, value);
    else add.set(name, value);
  }
  const remove = edits.remove.filter((name) => !set.has(name) && !add.has(name));
  const modifier: Record<string, unknown> = {};
  const lists = { set: entries(set), add: entries(add), remove } as const;
  for (const [key, list] of Object.entries(lists)) {
    if (list.length === 0) continue;
    if (list.length > MAX_ENTRIES)
      findings.unsupported(
        `${at}.${key}`,
        `${list.length} headers to ${key}: ResponseHeaderModifier takes ${MAX_ENTRIES} — the rest are left out`,
      );
    modifier[key] = list.slice(0, MAX_ENTRIES);
  }
  if (Object.keys(modifier).length === 0) return undefined;
  return { type: 'ResponseHeaderModifier', responseHeaderModifier: modifier };
}

function entries(map: ReadonlyMap<string, string>): { name: string; value: string }[] {
  return [...map].map(([name, value]) => ({ name, value }));
}
