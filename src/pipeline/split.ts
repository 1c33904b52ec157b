/**
 * Traffic splits: which of a route's upstreams takes a request. A pin (a header or cookie naming
 * one of the split's upstreams) decides first; otherwise a weighted pick with the pipeline's
 * `random()`, so `explain` and `gateway test` can pin it. With a cookie pin, a caller that had no
 * cookie gets one naming its side, so the same browser stays there for the whole canary.
 */
import type { ResolvedSplit } from '../config/resolved.js';
import { readCookie, stickyCookieHeader } from './balance/sticky.js';
import type { NormalizedRequest } from './types.js';

/** The side a request goes to and why; `setCookie` when a cookie pin should be set on the answer. */
export type SplitChoice =
  | { readonly ok: true; readonly upstream: string; readonly reason: string; readonly setCookie?: string }
  | { readonly ok: false; readonly reason: string };

/**
 * @example
 * chooseSplit({ upstreams: [{ name: 'v1', weight: 90 }, { name: 'v2', weight: 10 }], pin: undefined }, request, () => 0.95)
 * // { ok: true, upstream: 'v2', reason: 'weight 10 of 100 (roll 95.0)' }
 */
export function chooseSplit(
  split: ResolvedSplit,
  request: NormalizedRequest,
  random: () => number,
): SplitChoice {
  const names = split.upstreams.map((side) => side.name);
  const pin = split.pin;
  let note = '';
  if (pin !== undefined) {
    const value =
      pin.kind === 'header' ? headerValue(request, pin.name) : readCookie(request.headers, pin.name);
    const label = `${pin.kind} ${pin.name}`;
    if (value !== undefined && names.includes(value))
      return { ok: true, upstream: value, reason: `pinned by ${label}=${value}` };
    note = value === undefined ? `, no ${label}` : `, ${label}=${value.slice(0, 40)} names no side`;
  }
  const total = split.upstreams.reduce((sum, side) => sum + side.weight, 0);
  if (total === 0) return { ok: false, reason: `every upstream of the split has weight 0${note}` };
  const roll = random() * total;
  let reached = 0;
  let picked = split.upstreams.find((side) => side.weight > 0)!;
  for (const side of split.upstreams) {
    reached += side.weight;
    if (side.weight > 0 && roll < reached) {
      picked = side;
      break;
    }
  }
  const reason = `weight ${picked.weight} of ${total} (roll ${roll.toFixed(1)})${note}`;
  const setCookie = pin?.kind === 'cookie' ? stickyCookieHeader(pin.name, picked.name) : undefined;
  return { ok: true, upstream: picked.name, reason, ...(setCookie && { setCookie }) };
}

function headerValue(request: NormalizedRequest, name: string): string | undefined {
  const raw = request.headers[name];
  return Array.isArray(raw) ? raw[0] : raw;
}
