/**
 * A traffic split: the side is picked in the frontend, before `use_backend` — the pin first (a
 * header or cookie naming one of the split's upstreams), else one `rand()` roll over the weights
 * into a transaction variable — and each side is a backend of its own (the same route rules, that
 * upstream's servers), so each upstream keeps its own balancer, health checks and retries. With a
 * cookie pin, an answer to a caller that was not pinned sets the cookie naming its side, as
 * gateway does.
 */
import type { ResolvedSplit } from '../../config/resolved.js';
import type { RouteNeeds } from '../analysis.js';
import { stickyCookieHeader } from '../../pipeline/balance/sticky.js';
import { routeKey } from './conditions.js';
import { headerSample, lf, sq } from './text.js';

/** One side of the split: its backend and upstream (`undefined`: the 503 when no side can be picked). */
export interface SplitSide {
  readonly backend: string;
  readonly upstream: string | undefined;
}

/** The frontend rules that pick the side, the `use_backend` rules, and the sides. */
export function splitDispatch(
  needs: RouteNeeds,
  split: ResolvedSplit,
  condition: string,
): { rules: string[]; useBackends: string[]; sides: SplitSide[] } {
  const key = routeKey(needs);
  const side = `txn.gw_${key}_side`;
  const unset = `!{ var(${side}) -m found }`;
  const names = split.upstreams.map((s) => s.name);
  const rules = [`  # route "${needs.route.name}" (${needs.at}): its traffic split picks a side`];
  const pin = split.pin;
  if (pin) {
    const sample = pin.kind === 'header' ? headerSample(pin.name) : `req.cook(${pin.name})`;
    rules.push(
      `  http-request set-var(${side}) ${sample} if { ${sample} -m str ${names.map(sq).join(' ')} }`,
      `  http-request set-var(txn.gw_${key}_pinned) bool(true) if { var(${side}) -m found }`,
    );
  }
  const total = split.upstreams.reduce((sum, s) => sum + s.weight, 0);
  if (total > 0) {
    rules.push(`  http-request set-var(txn.gw_${key}_roll) rand(${total}) if ${unset}`);
    let reached = 0;
    for (const s of split.upstreams) {
      if (s.weight === 0) continue;
      reached += s.weight;
      rules.push(
        `  http-request set-var(${side}) str(${s.name}) if ${unset} { var(txn.gw_${key}_roll) -m int lt ${reached} }`,
      );
    }
  }
  const sides: SplitSide[] = split.upstreams
    .map((s, i) => ({ backend: `${key}_${i}`, upstream: s.name }))
    .filter((s, i) => pin !== undefined || split.upstreams[i]!.weight > 0);
  const useBackends = sides.map(
    (s) => `  use_backend ${s.backend} if ${condition} { var(${side}) -m str ${sq(s.upstream!)} }`,
  );
  if (total === 0) {
    // Every weight is 0: only a pin picks a side; gateway answers 503 otherwise.
    sides.push({ backend: `${key}_none`, upstream: undefined });
    useBackends.push(`  use_backend ${key}_none if ${condition}`);
  }
  return { rules, useBackends, sides };
}

/** For a cookie pin: the `Set-Cookie` naming the side, on forwarded answers to callers not pinned yet. */
export function splitCookieRule(needs: RouteNeeds, split: ResolvedSplit, upstream: string): string[] {
  if (split.pin?.kind !== 'cookie') return [];
  const cookie = stickyCookieHeader(split.pin.name, upstream);
  return [
    `  http-response add-header set-cookie ${sq(lf(cookie))} unless { var(txn.gw_${routeKey(needs)}_pinned) -m bool }`,
  ];
}
