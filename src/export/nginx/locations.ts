/**
 * One internal location per route, reached from the dispatch (`/__gateway/<key>/<path>`): auth,
 * CORS, faults, the rate limit, response header edits, the upstream path (rewrites restore the
 * request's path first, then apply the route's), header and query edits, timeouts, retries,
 * WebSocket upgrades and the mirror — or the gateway's own answer (a redirect, a mock). A split
 * route's location picks a side and goes on to that side's location.
 */
import type { ResolvedConfig } from '../../config/resolved.js';
import { type ConfigAnalysis, type RouteNeeds, templatePath } from '../analysis.js';
import { escapeRegex } from '../path-regex.js';
import { wholePathRewrite } from '../shared/regex-rewrite.js';
import { reportUnknown } from '../shared/unknown.js';
import { ident, leftOut, problemJson, seconds } from '../shared/text.js';
import type { FindingList } from '../types.js';
import { locationAuth } from './auth.js';
import { type CorsSettings, corsLines } from './cors.js';
import { routeKey } from './dispatch.js';
import { faultLines } from './fault.js';
import { mirrorParts } from './mirror.js';
import { mockLines } from './mock.js';
import { rateLimitParts } from './rate-limit.js';
import { redirectLines } from './redirect.js';
import { responseHeaderLines } from './response-headers.js';
import { splitParts } from './split.js';
import { quote, quoteRegex } from './text.js';
import { upstreamName } from './upstreams.js';

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
  const body: string[] = ['  internal;', ...common, ...actionLines(needs, auth.headers, ctx)];
  return [head, `  location ^~ /__gateway/${key}/ {`, ...body, '  }'];
}

/** What answers a route that is not a split: a redirect, a mock, the gateway's answer or an upstream. */
function actionLines(needs: RouteNeeds, authHeaders: Record<string, string>, ctx: LocationContext): string[] {
  const { route } = needs;
  const action = needs.action;
  if (route.redirect) return redirectLines(needs, route.redirect, ctx.findings, ctx.httpLines);
  if (route.mock) return mockLines(needs, route.mock, ctx.findings, ctx.httpLines);
  if (action.kind === 'none') {
    return [
      `  return 502 ${quote(problemJson(502, 'Bad Gateway', 'this route is left out of this nginx config'))};`,
    ];
  }
  if (action.kind === 'health')
    return ['  default_type application/json;', `  return 200 ${quote('{"status":"ok"}')};`];
  if (action.kind === 'static') {
    const out: string[] = [];
    const { 'content-type': type, ...rest } = action.headers;
    if (type) out.push(`  default_type ${quote(type)};`);
    for (const [name, value] of Object.entries(rest))
      out.push(`  add_header ${name} ${quote(value)} always;`);
    out.push(`  return ${action.status} ${quote(action.body)};`);
    return out;
  }
  return upstreamLines(needs, action.upstream, routeKey(needs), authHeaders, ctx);
}

/** Proxying to `upstream` (a REST→gRPC/SOAP one is left out), with the route's mirror. */
function upstreamLines(
  needs: RouteNeeds,
  upstream: string,
  key: string,
  authHeaders: Record<string, string>,
  ctx: LocationContext,
): string[] {
  const { route } = needs;
  const up = ctx.config.upstreams[upstream]!;
  const transform =
    route.grpc || up.protocol === 'grpc' ? 'grpc' : route.soap || up.protocol === 'soap' ? 'soap' : undefined;
  if (transform) {
    const what = transform === 'grpc' ? 'REST→gRPC transcoding' : 'REST→SOAP transcoding';
    return [
      leftOut(
        ctx.findings.unsupported(
          needs.at,
          `${what} (upstream "${upstream}") — nginx has no such module; call the service in its own protocol, or keep gateway in front of it`,
        ),
        '  ',
      ),
      `  return 502 ${quote(problemJson(502, 'Bad Gateway', `${what} is left out of this nginx config`))};`,
    ];
  }
  const proxy = proxyLines(needs, upstream, key, authHeaders, ctx);
  const mirror = route.mirror;
  if (!mirror) return proxy.lines;
  const target = ctx.analysis.upstreams.find((u) => u.upstream.name === mirror.upstream)!;
  const parts = mirrorParts(
    needs,
    mirror,
    {
      scheme: target.scheme === 'https' ? 'https' : 'http',
      basePath: target.basePath,
      connect: target.upstream.timeouts.connect,
      response: target.upstream.timeouts.response,
    },
    Object.entries({
      ...proxy.headers,
      ...(target.upstream.changeOrigin && { host: originHost(target, ctx.findings) }),
    }).map(([name, value]) => `  proxy_set_header ${name} ${value};`),
    proxy.rewritten,
  );
  if (!ctx.serverLines.includes(parts.server[0]!)) {
    ctx.httpLines.push(...parts.http);
    ctx.serverLines.push(...parts.server);
  }
  return [...parts.location, ...proxy.lines];
}

function proxyLines(
  needs: RouteNeeds,
  upstream: string,
  key: string,
  authHeaders: Record<string, string>,
  ctx: LocationContext,
): { lines: string[]; headers: Record<string, string>; rewritten: boolean } {
  const { route } = needs;
  const upstreamNeeds = ctx.analysis.upstreams.find((u) => u.upstream.name === upstream)!;
  const up = upstreamNeeds.upstream;
  const out: string[] = [];
  const scheme = upstreamNeeds.scheme === 'https' ? 'https' : 'http';
  if (upstreamNeeds.scheme === 'mixed') {
    out.push(
      leftOut(
        ctx.findings.unsupported(
          upstreamNeeds.at,
          'targets mix http:// and https:// — one nginx upstream has one scheme',
        ),
        '  ',
      ),
    );
  }
  const rewrite = rewriteLines(needs, ctx.findings);
  const query = route.rewrite?.query;
  const editsQuery = query !== undefined && (Object.keys(query.set).length > 0 || query.remove.length > 0);
  const base = `${scheme}://${upstreamName(upstream)}${upstreamNeeds.basePath}`;
  const rewritten = !(rewrite.length === 0 && !editsQuery && upstreamNeeds.basePath === '');
  if (!rewritten) {
    // The request's own target, byte for byte (encoded slashes stay encoded).
    out.push(`  proxy_pass ${base}$request_uri;`);
  } else {
    // Back to the request's (normalized) path, then the route's rewrite.
    out.push(`  rewrite ^/__gateway/${key}(/.*)$ $1;`, ...rewrite);
    if (editsQuery) out.push(`  set $args $gw_${routeKey(needs)}_args;`, ...queryMap(needs, ctx));
    // The mirror's location (a subrequest sharing these variables) sends the copy to this path.
    if (route.mirror) out.push('  set $gw_mirror_uri $uri;');
    out.push('  break;');
    out.push(upstreamNeeds.basePath ? `  proxy_pass ${base}$uri$is_args$args;` : `  proxy_pass ${base};`);
  }
  const headers: Record<string, string> = {};
  // gateway keeps the client's Host unless the upstream says changeOrigin.
  headers.host = up.changeOrigin ? originHost(upstreamNeeds, ctx.findings) : '$http_host';
  headers['x-forwarded-for'] = '$proxy_add_x_forwarded_for';
  headers['x-forwarded-proto'] = '$scheme';
  headers['x-forwarded-host'] = '$http_host';
  headers.connection = route.websocket ? '$gw_connection' : '""';
  if (route.websocket) headers.upgrade = '$http_upgrade';
  // Identity headers only ever come from the gateway: a client's copies are dropped.
  for (const name of ctx.analysis.identityHeaders) headers[name] = '""';
  for (const name of route.rewrite?.headers.remove ?? []) headers[name.toLowerCase()] = '""';
  for (const [name, value] of Object.entries(route.rewrite?.headers.set ?? {}))
    headers[name.toLowerCase()] = quote(value);
  for (const [name, value] of Object.entries(authHeaders)) headers[name] = value === '' ? '""' : value;
  out.push('  proxy_http_version 1.1;');
  for (const [name, value] of Object.entries(headers)) out.push(`  proxy_set_header ${name} ${value};`);
  const timeout = route.timeout ?? up.timeouts.response;
  out.push(
    `  proxy_connect_timeout ${seconds(up.timeouts.connect)};`,
    `  proxy_read_timeout ${seconds(timeout)};`,
    `  proxy_send_timeout ${seconds(timeout)};`,
  );
  if (up.retries.attempts > 0) {
    const statuses = up.retries.statuses
      .filter((s) => [500, 502, 503, 504, 403, 404, 429].includes(s))
      .map((s) => `http_${s}`);
    const nonIdempotent = up.retries.methods.some((m) => ['POST', 'PATCH'].includes(m))
      ? ' non_idempotent'
      : '';
    out.push(
      `  proxy_next_upstream error timeout ${statuses.join(' ')}${nonIdempotent};`.replace(/ +;/, ';'),
    );
    out.push(`  proxy_next_upstream_tries ${up.retries.attempts + 1};`);
  } else {
    out.push('  proxy_next_upstream off;');
  }
  if (up.tlsInsecure) out.push('  proxy_ssl_verify off;');
  else if (scheme === 'https') out.push('  proxy_ssl_verify on;', '  proxy_ssl_server_name on;');
  if (!route.websocket) out.push('  proxy_buffering on;');
  return { lines: out, headers, rewritten };
}

/** `Host` for `changeOrigin`: the targets' host (and port) when they share it. */
function originHost(needs: ConfigAnalysis['upstreams'][number], findings: FindingList): string {
  const urls = needs.upstream.targets.map((t) => new URL(t.url));
  const hosts = new Set(urls.map((u) => u.host));
  if (hosts.size === 1) return [...hosts][0]!;
  const names = new Set(urls.map((u) => u.hostname));
  if (names.size === 1) return [...names][0]!;
  findings.approximate(
    `${needs.at}.changeOrigin`,
    'targets on different hosts: nginx sends one Host for all of them (the upstream name)',
  );
  return '$proxy_host';
}

/** `rewrite` lines (no flag: the location's `break` ends them) for the route's path rewrite. */
function rewriteLines(needs: RouteNeeds, findings: FindingList): string[] {
  const rewrite = needs.rewrite;
  switch (rewrite.kind) {
    case 'none':
      return [];
    case 'strip-prefix': {
      const prefix = escapeRegex(rewrite.prefix.replace(/\/$/, ''));
      return [`  rewrite ${quoteRegex(`^${prefix}$`)} /;`, `  rewrite ${quoteRegex(`^${prefix}(/.*)$`)} $1;`];
    }
    case 'replace-prefix': {
      const from = escapeRegex(rewrite.from.replace(/\/$/, ''));
      const to = rewrite.to.replace(/\/$/, '');
      return [`  rewrite ${quoteRegex(`^${from}(/.*)?$`)} ${quoteRegex(`${to}$1`)};`];
    }
    case 'regex': {
      if (/\$[&`']/.test(rewrite.replacement)) {
        findings.unsupported(
          `${needs.at}.rewrite.regex`,
          "a replacement with $&, $` or $' — use numbered groups ($1)",
        );
        return [];
      }
      if (rewrite.global) {
        findings.unsupported(
          `${needs.at}.rewrite.regex`,
          'a regex rewrite with the g flag (every match replaced)',
        );
        return [];
      }
      if (/\$<\w+>/.test(rewrite.replacement)) {
        findings.unsupported(
          `${needs.at}.rewrite.regex`,
          'a replacement with named groups ($<name>) — use numbered groups ($1)',
        );
        return [];
      }
      const whole = wholePathRewrite(rewrite.pattern, rewrite.replacement, (n) => `$${n}`);
      const flags = rewrite.caseInsensitive ? '(?i)' : '';
      return [`  rewrite ${quoteRegex(`${flags}${whole.regex}`)} ${quoteRegex(whole.replacement)};`];
    }
    case 'template': {
      if (!needs.path.ok) return [];
      const p = needs.path.path;
      if (rewrite.path.includes('$')) {
        findings.unsupported(`${needs.at}.rewrite.path`, 'a `$` in the template path');
        return [];
      }
      const target = templatePath(rewrite, (i) => `$${i}`);
      return [
        `  rewrite ${quoteRegex(`${p.caseInsensitive ? '(?i)' : ''}${p.regex}`)} ${quoteRegex(target)};`,
      ];
    }
  }
}

/** The map (http level) that makes the route's new query string from `$args`. */
function queryMap(needs: RouteNeeds, ctx: LocationContext): string[] {
  const key = routeKey(needs);
  const query = needs.route.rewrite!.query;
  const out: string[] = [];
  // A split's sides share the route's maps: written once.
  const http: string[] = [];
  let source = '$args';
  const names = [...query.remove, ...Object.keys(query.set)];
  // Each step drops one parameter (wherever it stands), then the set ones are appended.
  names.forEach((name, i) => {
    const target = `$gw_${key}_args${i}`;
    const param = escapeRegex(name);
    http.push(
      `map ${source} ${target} {`,
      `  ${quoteRegex(`~^${param}(?:=[^&]*)?(?:&(.*))?$`)} "$1";`,
      `  ${quoteRegex(`~^(.*?)&${param}(?:=[^&]*)?(&.*)?$`)} "$1$2";`,
      `  default ${source};`,
      '}',
    );
    source = target;
  });
  const added = Object.entries(query.set)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  http.push(
    `map ${source} $gw_${key}_args { "" ${quote(added)}; default ${added ? `"${source}&${added}"` : source}; }`,
  );
  if (!ctx.httpLines.includes(http[http.length - 1]!)) ctx.httpLines.push(...http);
  out.push(
    `  # query: ${names.map((n) => ident(n)).join(', ')} dropped, then ${added || 'nothing'} appended`,
  );
  return out;
}
