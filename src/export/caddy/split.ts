/**
 * A traffic split as one `reverse_proxy` per side, tried in order (each takes the requests its
 * matcher selects and ends the route): first the pin (a header or cookie naming a side), then
 * the weights, drawn per request from Caddy's request UUID (roll.ts) — to within 1/65536 of
 * each weight. A cookie pin sets a cookie naming the drawn side, as gateway does.
 */
import type { ResolvedSplit } from '../../config/resolved.js';
import type { RouteNeeds } from '../analysis.js';
import { escapeRegex } from '../path-regex.js';
import { leftOut, problemJson } from '../shared/text.js';
import type { HandlerContext } from './handlers.js';
import { routeKey } from './matchers.js';
import { proxyLines } from './proxy.js';
import { rollBelow, rollThreshold } from './roll.js';
import { dq, literal } from './text.js';

/** The lines that send a split route's request to one of its sides. */
export function splitLines(needs: RouteNeeds, split: ResolvedSplit, ctx: HandlerContext): string[] {
  const key = routeKey(needs);
  const out: string[] = [];
  const side = (name: string, matcher = '') => {
    const upstream = ctx.analysis.upstreams.find((u) => u.upstream.name === name);
    if (!upstream) return [];
    if (upstream.upstream.protocol !== 'http') {
      const what = upstream.upstream.protocol === 'grpc' ? 'REST→gRPC' : 'REST→SOAP';
      const message = ctx.findings.unsupported(
        `${needs.at}.split`,
        `side "${name}" needs ${what} transcoding — Caddy forwards the request as it is`,
      );
      return [leftOut(message, ''), ...proxyLines(needs, upstream, ctx.findings, matcher)];
    }
    return proxyLines(needs, upstream, ctx.findings, matcher);
  };
  const pin = split.pin;
  if (pin) {
    split.upstreams.forEach(({ name }, i) => {
      ctx.matchers.push(`@${key}_pin${i} ${pinMatcher(pin, name)}`);
      out.push(`# pinned by ${pin.kind} ${pin.name}: ${name}`, ...side(name, `@${key}_pin${i}`));
    });
  }
  const weighted = split.upstreams.filter((s) => s.weight > 0);
  const total = weighted.reduce((sum, s) => sum + s.weight, 0);
  if (total === 0) {
    return [
      ...out,
      'header Content-Type application/problem+json',
      `respond ${literal(problemJson(503, 'Service Unavailable', 'every upstream of the split has weight 0'))} 503`,
    ];
  }
  const cookie = (name: string, matcher: string) =>
    pin?.kind === 'cookie'
      ? [
          `header ${matcher}+Set-Cookie ${dq(`${pin.name}=${encodeURIComponent(name)}; Path=/; HttpOnly; SameSite=Lax`)}`,
        ]
      : [];
  let reached = 0;
  weighted.forEach(({ name, weight }, i) => {
    reached += weight;
    const comment = `# weight ${weight} of ${total}: ${name}`;
    if (i === weighted.length - 1) {
      out.push(comment, ...cookie(name, ''), ...side(name));
      return;
    }
    ctx.matchers.push(`@${key}_side${i} ${rollBelow('split', rollThreshold(reached / total))}`);
    out.push(comment, ...cookie(name, `@${key}_side${i} `), ...side(name, `@${key}_side${i}`));
  });
  return out;
}

function pinMatcher(pin: NonNullable<ResolvedSplit['pin']>, name: string): string {
  if (pin.kind === 'header') return `header_regexp ${pin.name} ${dq(`^${escapeRegex(name)}$`)}`;
  const value = escapeRegex(encodeURIComponent(name));
  return `header_regexp Cookie ${dq(`(?:^|;\\s*)${escapeRegex(pin.name)}=${value}\\s*(?:;|$)`)}`;
}
