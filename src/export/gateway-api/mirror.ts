/**
 * `mirror` as a `RequestMirror` filter (Extended; `percent`/`fraction` from GEP-3171, in the
 * standard channel since Gateway API v1.3): 100% is the filter's default, a whole percent is
 * `percent`, anything finer a `fraction`. The filter comes after the rewrite and request header
 * edits, so the copy is the request as forwarded, as gateway sends it.
 */
import type { ConfigAnalysis, RouteNeeds } from '../analysis.js';
import type { FindingList } from '../types.js';
import { backendRef } from './services.js';

/** The route's RequestMirror filter (`undefined` without `mirror`), and the upstream it copies to. */
export function mirrorFilter(
  needs: RouteNeeds,
  analysis: ConfigAnalysis,
  findings: FindingList,
): { filter: unknown; upstream: string } | undefined {
  const mirror = needs.route.mirror;
  if (mirror === undefined) return undefined;
  const upstream = analysis.upstreams.find((u) => u.upstream.name === mirror.upstream)!;
  findings.approximate(
    `${needs.at}.mirror.maxBody`,
    `gateway copies a request only when its body has a Content-Length of at most maxBody (${mirror.maxBody} bytes); RequestMirror has no body limit — the implementation copies bodies by its own rules`,
  );
  return {
    filter: {
      type: 'RequestMirror',
      requestMirror: { backendRef: backendRef(upstream), ...share(mirror.percent) },
    },
    upstream: mirror.upstream,
  };
}

/** `{}` for 100%, `{ percent }` for a whole percent, else `{ fraction }` (`12.5` → 125/1000). */
export function share(percent: number): {
  percent?: number;
  fraction?: { numerator: number; denominator: number };
} {
  if (percent >= 100) return {};
  if (Number.isInteger(percent)) return { percent };
  let numerator = percent;
  let denominator = 100;
  while (Math.abs(numerator - Math.round(numerator)) > 1e-9 && denominator < 100_000_000) {
    numerator *= 10;
    denominator *= 10;
  }
  return { fraction: { numerator: Math.round(numerator), denominator } };
}
