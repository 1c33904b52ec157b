/**
 * One internal location per route, reached from the dispatch (`/__gateway/<key>/<path>`): CORS,
 * auth, faults, the rate limit, response header edits, then what answers — an upstream (see
 * proxy.ts), a redirect, a mock or the gateway's own answer. A split route's location picks a
 * side and goes on to that side's location, a whole route location for that side's upstream.
 */
import type { ResolvedConfig } from '../../config/resolved.js';
import type { ConfigAnalysis, RouteNeeds } from '../analysis.js';
import { leftOut, problemJson } from '../shared/text.js';
import { reportUnknown } from '../shared/unknown.js';
import type { FindingList } from '../types.js';
import { locationAuth } from './auth.js';
import { type CorsSettings, corsLines } from './cors.js';
import { routeKey } from './dispatch.js';
import { faultLines } from './fault.js';
import { mockLines } from './mock.js';
import { upstreamLines } from './proxy.js';
import { rateLimitParts } from './rate-limit.js';
import { redirectLines } from './redirect.js';
import { responseHeaderLines } from './response-headers.js';
import { splitParts } from './split.js';
import { quote } from './text.js';

export interface LocationContext {
  readonly config: ResolvedConfig;
  readonly analysis: ConfigAnalysis;
  readonly findings: FindingList;
  readonly cors: CorsSettings;
  /** http-level lines a location needs (query edits', redirects', splits' maps, zones). */
  readonly httpLines: string[];
  /** server-level locations a route needs (its 429 answer, its mirror). */
  readonly serverLines: string[];
}

/** Route keys this exporter translates itself (the shared analysis does not know them). */
const EXPORTED = new Set(['redirect', 'split', 'mirror', 'responseHeaders', 'rateLimit', 'fault', 'mock']);

const isComment = (line: string) => line.trimStart().startsWith('#');

/** The `location` block(s) for one route: one, or with a split one more per side. */
export function routeLocation(needs: RouteNeeds, ctx: LocationContext): string[] {
  const key = routeKey(needs);
  const { route } = needs;
  // Lines every location of the route has, in the order nginx's rewrite phase runs them:
  // the CORS preflight, auth, faults; then the phases after (limit_req, access, headers).
  const common: string[] = [];
  if (!needs.path.ok) {
    common.push(
      leftOut(
        ctx.findings.unsupported(
          `${needs.at}.match.path`,
          `path pattern: ${needs.path.reason} — write it as a RegExp`,
        ),
        '  ',
      ),
    );
  }
  const cors = needs.cors ? ctx.cors.id(needs.cors) : undefined;
  if (cors !== undefined) common.push(...corsLines(cors));
  const auth = locationAuth(needs, ctx.findings);
  common.push(...auth.lines);
  for (const message of reportUnknown(needs, ctx.findings, 'nginx', EXPORTED))
    common.push(leftOut(message, '  '));
  if (route.fault) common.push(...faultLines(needs, route.fault, ctx.findings, ctx.httpLines));
  if (route.rateLimit) {
    const limit = rateLimitParts(
      needs,
      route.rateLimit,
      ctx.findings,
      cors,
      ctx.config.server.trustedProxies.length > 0,
    );
    ctx.httpLines.push(...limit.http);
    ctx.serverLines.push(...limit.server);
    common.push(...limit.location);
  }
  common.push(...responseHeaderLines(route.responseHeaders, needs.at, ctx.findings));
  const head = `  # route "${route.name}" (${needs.at})`;
  if (route.split) {
    const split = splitParts(needs, route.split);
    ctx.httpLines.push(...split.http);
    const sides = split.sides.flatMap((side) => [
      `  # route "${route.name}", split side "${side.upstream}"`,
      `  location ^~ /__gateway/${side.key}/ {`,
      '  internal;',
      ...common.filter((line) => !isComment(line)),
      ...side.lines,
      ...upstreamLines(needs, side.upstream, side.key, auth.headers, ctx),
      '  }',
    ]);
    const front = ['  internal;', ...common.filter(isComment), ...split.front];
    return [head, `  location ^~ /__gateway/${key}/ {`, ...front, '  }', ...sides];
  }
  const action = needs.action;
  if (action.kind === 'upstream') {
    const proxied = upstreamLines(needs, action.upstream, key, auth.headers, ctx);
    return [head, `  location ^~ /__gateway/${key}/ {`, '  internal;', ...common, ...proxied, '  }'];
  }
  const answer = answerLines(needs, action, ctx);
  if (auth.lines.some((line) => /^\s*auth_(basic|request) /.test(line))) {
    // nginx runs `return` in its rewrite phase, before auth_basic and auth_request (its access
    // phase): the answer waits in a named location that try_files reaches after them.
    const named = `@gw_${key}_answer`;
    ctx.serverLines.push(
      `  location ${named} {`,
      ...common.filter((line) => /^\s*add_header /.test(line)),
      ...answer,
      '  }',
    );
    const body = ['  internal;', ...common, `  try_files /.gateway-answer-after-auth ${named};`];
    return [head, `  location ^~ /__gateway/${key}/ {`, ...body, '  }'];
  }
  return [head, `  location ^~ /__gateway/${key}/ {`, '  internal;', ...common, ...answer, '  }'];
}

/** The answer of a route nginx answers itself: a redirect, a mock, the gateway's answer. */
function answerLines(
  needs: RouteNeeds,
  action: Exclude<RouteNeeds['action'], { kind: 'upstream' }>,
  ctx: LocationContext,
): string[] {
  const { route } = needs;
  if (route.redirect) return redirectLines(needs, route.redirect, ctx.findings, ctx.httpLines);
  if (route.mock) return mockLines(needs, route.mock, ctx.findings, ctx.httpLines);
  if (action.kind === 'health')
    return ['  default_type application/json;', `  return 200 ${quote('{"status":"ok"}')};`];
  if (action.kind === 'none') {
    return [
      `  return 502 ${quote(problemJson(502, 'Bad Gateway', 'this route is left out of this nginx config'))};`,
    ];
  }
  const out: string[] = [];
  const { 'content-type': type, ...rest } = action.headers;
  if (type) out.push(`  default_type ${quote(type)};`);
  for (const [name, value] of Object.entries(rest)) out.push(`  add_header ${name} ${quote(value)} always;`);
  out.push(`  return ${action.status} ${quote(action.body)};`);
  return out;
}
