/**
 * One internal location per route, reached from the dispatch (`/__gateway/<key>/<path>`): auth,
 * CORS, the upstream path (rewrites restore the request's path first, then apply the route's),
 * header and query edits, timeouts, retries, WebSocket upgrades — or the gateway's own answer.
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
import { quote, quoteRegex } from './text.js';
import { upstreamName } from './upstreams.js';

export interface LocationContext {
  readonly config: ResolvedConfig;
  readonly analysis: ConfigAnalysis;
  readonly findings: FindingList;
  readonly cors: CorsSettings;
  /** http-level lines a location needs (query edits' maps). */
  readonly httpLines: string[];
}

/** The `location` block for one route. */
export function routeLocation(needs: RouteNeeds, ctx: LocationContext): string[] {
  const key = routeKey(needs);
  const { route } = needs;
  const body: string[] = ['  internal;'];
  if (!needs.path.ok) {
    body.push(
      leftOut(
        ctx.findings.unsupported(
          `${needs.at}.match.path`,
          `path pattern: ${needs.path.reason} — write it as a RegExp`,
        ),
        '  ',
      ),
    );
  }
  if (needs.cors) body.push(...corsLines(ctx.cors.id(needs.cors)));
  const auth = locationAuth(needs, ctx.findings);
  body.push(...auth.lines);
  for (const message of reportUnknown(needs, ctx.findings, 'nginx')) body.push(leftOut(message, '  '));
  const action = needs.action;
  if (action.kind === 'none') {
    body.push(
      `  return 502 ${quote(problemJson(502, 'Bad Gateway', 'this route is left out of this nginx config'))};`,
    );
  } else if (action.kind === 'health') {
    body.push('  default_type application/json;', `  return 200 ${quote('{"status":"ok"}')};`);
  } else if (action.kind === 'static') {
    const { 'content-type': type, ...rest } = action.headers;
    if (type) body.push(`  default_type ${quote(type)};`);
    for (const [name, value] of Object.entries(rest))
      body.push(`  add_header ${name} ${quote(value)} always;`);
    body.push(`  return ${action.status} ${quote(action.body)};`);
  } else if (action.transform) {
    const what = action.transform === 'grpc' ? 'REST→gRPC transcoding' : 'REST→SOAP transcoding';
    body.push(
      leftOut(
        ctx.findings.unsupported(
          needs.at,
          `${what} (upstream "${action.upstream}") — nginx has no such module; call the service in its own protocol, or keep gateway in front of it`,
        ),
        '  ',
      ),
      `  return 502 ${quote(problemJson(502, 'Bad Gateway', `${what} is left out of this nginx config`))};`,
    );
  } else {
    body.push(...proxyLines(needs, action.upstream, auth.headers, ctx));
  }
  return [`  # route "${route.name}" (${needs.at})`, `  location ^~ /__gateway/${key}/ {`, ...body, '  }'];
}

function proxyLines(
  needs: RouteNeeds,
  upstream: string,
  authHeaders: Record<string, string>,
  ctx: LocationContext,
): string[] {
  const { route } = needs;
  const key = routeKey(needs);
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
  if (rewrite.length === 0 && !editsQuery && upstreamNeeds.basePath === '') {
    // The request's own target, byte for byte (encoded slashes stay encoded).
    out.push(`  proxy_pass ${base}$request_uri;`);
  } else {
    // Back to the request's (normalized) path, then the route's rewrite.
    out.push(`  rewrite ^/__gateway/${key}(/.*)$ $1;`, ...rewrite);
    if (editsQuery) out.push(`  set $args $gw_${key}_args;`, ...queryMap(needs, ctx));
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
  return out;
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
  let source = '$args';
  const names = [...query.remove, ...Object.keys(query.set)];
  // Each step drops one parameter (wherever it stands), then the set ones are appended.
  names.forEach((name, i) => {
    const target = `$gw_${key}_args${i}`;
    const param = escapeRegex(name);
    ctx.httpLines.push(
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
  ctx.httpLines.push(
    `map ${source} $gw_${key}_args { "" ${quote(added)}; default ${added ? `"${source}&${added}"` : source}; }`,
  );
  out.push(
    `  # query: ${names.map((n) => ident(n)).join(', ')} dropped, then ${added || 'nothing'} appended`,
  );
  return out;
}
