/**
 * Proxying a route to one upstream in nginx: the upstream path (the request's own target byte for
 * byte, or its path restored and rewritten), the upstream headers (Host, X-Forwarded-*, identity
 * and edited headers), timeouts, retries, TLS, WebSocket upgrades — and the route's mirror.
 */
import type { ConfigAnalysis, RouteNeeds } from '../analysis.js';
import { leftOut, problemJson, seconds } from '../shared/text.js';
import type { FindingList } from '../types.js';
import { routeKey } from './dispatch.js';
import type { LocationContext } from './locations.js';
import { mirrorParts } from './mirror.js';
import { quote } from './text.js';
import { queryMap, rewriteLines } from './upstream-path.js';
import { upstreamName } from './upstreams.js';

/** Proxying to `upstream` (a REST→gRPC/SOAP one is left out), with the route's mirror. */
export function upstreamLines(
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
