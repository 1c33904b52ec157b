/**
 * One backend per route (one per side of a traffic split): CORS and auth, the rate limit and
 * faults, then the route's action — a redirect, a mock or `respond` answer made here, or the
 * upstream's servers after the rewrites and header edits. The order is gateway's pipeline:
 * cors → auth → rateLimit → fault → rewrite → action.
 */
import type { ConfigAnalysis, RouteNeeds } from '../analysis.js';
import { leftOut, problemJson } from '../shared/text.js';
import { reportUnknown } from '../shared/unknown.js';
import type { FindingList } from '../types.js';
import { authRules, corsRules, DENY } from './access.js';
import { routeKey } from './conditions.js';
import { faultRules } from './fault.js';
import { mirrorNote } from './mirror.js';
import { mockRules } from './mock.js';
import { rateLimitRules } from './rate-limit.js';
import { redirectRules } from './redirect.js';
import { answeredHere, responseHeaderRules } from './response-headers.js';
import { headerRules, rewriteRules } from './rewrites.js';
import { serverLines } from './servers.js';
import { type SplitSide, splitCookieRule } from './split.js';
import { gatewayProblem, sq } from './text.js';

export interface BackendContext {
  readonly analysis: ConfigAnalysis;
  readonly findings: FindingList;
  /** Userlists (global) for Basic providers. */
  readonly userlists: Set<string>;
  /** The listener's scheme (`https` with `server.tls`): what a redirect keeps. */
  readonly scheme: 'http' | 'https';
  /** The config's folder, for file names in findings. */
  readonly dir: string;
}

/** Route keys the shared analysis does not know and this exporter translates (or reports) itself. */
const TRANSLATED = new Set(['redirect', 'responseHeaders', 'split', 'mirror', 'rateLimit', 'fault', 'mock']);

const LEFT_OUT = (what: string) =>
  `  http-request return status 502 content-type application/problem+json string ${sq(problemJson(502, 'Bad Gateway', `${what} is left out of this HAProxy config`))}`;

/** The backend sections of one route (`sides`: a split's), then the tables its counters live in. */
export function routeBackend(needs: RouteNeeds, ctx: BackendContext, sides?: readonly SplitSide[]): string[] {
  const { route } = needs;
  const limit = route.rateLimit ? rateLimitRules(needs, route.rateLimit, ctx) : undefined;
  const mock = route.mock ? mockRules(needs, route.mock, ctx.findings, ctx.dir) : undefined;
  const policies = [
    ...(limit?.rules ?? []),
    ...(route.fault ? faultRules(needs, route.fault, ctx.findings) : []),
  ];
  const backends = sides
    ? sides.flatMap((side, i) => [
        ...(i > 0 ? [''] : []),
        ...backend(needs, ctx, side, policies, mock?.rules),
      ])
    : backend(needs, ctx, undefined, policies, mock?.rules);
  return [
    ...backends,
    ...[limit?.table ?? [], mock?.table ?? []].flatMap((t) => (t.length > 0 ? ['', ...t] : [])),
  ];
}

function backend(
  needs: RouteNeeds,
  ctx: BackendContext,
  side: SplitSide | undefined,
  policies: readonly string[],
  mock: readonly string[] | undefined,
): string[] {
  const { findings } = ctx;
  const { route } = needs;
  const out: string[] = [
    `# route "${route.name}" (${needs.at})${side?.upstream ? `, the side of its split to "${side.upstream}"` : ''}`,
    `backend ${side?.backend ?? routeKey(needs)}`,
  ];
  if (needs.cors) out.push(...corsRules(needs.cors));
  const auth = authRules(needs, ctx);
  out.push(...auth);
  for (const message of reportUnknown(needs, findings, 'HAProxy', TRANSLATED))
    out.push(leftOut(message, '  '));
  const action = needs.action;
  // A route that always answers 401 (fail closed) needs nothing after it; its upstream's findings still count.
  if (auth.includes(`  ${DENY}`)) {
    const upstream = ctx.analysis.upstreams.find(
      (u) => action.kind === 'upstream' && !action.transform && u.upstream.name === action.upstream,
    );
    if (upstream) serverLines(needs, upstream, findings);
    return out;
  }
  out.push(...policies);
  const answered = answeredHere(route.responseHeaders);
  if (route.redirect) {
    out.push(
      ...answered.before,
      ...redirectRules(needs, route.redirect, ctx.scheme, findings),
      ...answered.after,
    );
    return out;
  }
  if (mock) {
    // Templates read the path as received (gateway fills them from the request, not the rewrite).
    out.push(...answered.before, ...mock, ...answered.after);
    return out;
  }
  if (action.kind === 'health') {
    out.push(
      ...answered.before,
      `  http-request return status 200 content-type application/json string ${sq('{"status":"ok"}')}`,
      ...answered.after,
    );
    return out;
  }
  if (action.kind === 'static') {
    const { 'content-type': type, ...rest } = action.headers;
    const hdrs = Object.entries(rest)
      .map(([n, v]) => ` hdr ${n} ${sq(v)}`)
      .join('');
    const body = action.body === '' ? '' : ` string ${sq(action.body)}`;
    out.push(
      ...answered.before,
      `  http-request return status ${action.status}${type ? ` content-type ${sq(type)}` : ''}${body}${hdrs}`,
      ...answered.after,
    );
    return out;
  }
  if (side && side.upstream === undefined) {
    const detail = 'every upstream of the split has weight 0, and no pin named one';
    out.push(
      `  http-request return status 503 content-type application/problem+json string ${sq(gatewayProblem('no-healthy-target', 'No healthy target', 503, detail, { route: route.name }))}`,
    );
    return out;
  }
  const name = side?.upstream ?? (action.kind === 'upstream' ? action.upstream : undefined);
  const upstream = ctx.analysis.upstreams.find((u) => u.upstream.name === name);
  if (!upstream) {
    out.push(LEFT_OUT('this route'));
    return out;
  }
  const transform =
    upstream.upstream.protocol === 'http'
      ? action.kind === 'upstream'
        ? action.transform
        : undefined
      : upstream.upstream.protocol;
  if (transform) {
    const what = transform === 'grpc' ? 'REST→gRPC transcoding' : 'REST→SOAP transcoding';
    const message = findings.unsupported(
      needs.at,
      `${what} (upstream "${upstream.upstream.name}") — HAProxy routes requests, it does not translate them`,
    );
    out.push(leftOut(message, '  '), LEFT_OUT(what));
    return out;
  }
  if (route.mirror) out.push(leftOut(mirrorNote(needs, route.mirror, findings), '  '));
  out.push(
    ...rewriteRules(needs, findings),
    ...headerRules(needs, upstream, ctx.analysis),
    ...responseHeaderRules(route.responseHeaders, true),
    ...(route.split && side?.upstream ? splitCookieRule(needs, route.split, side.upstream) : []),
    ...serverLines(needs, upstream, findings),
  );
  return out;
}
