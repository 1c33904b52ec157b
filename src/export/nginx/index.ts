/**
 * `gateway export nginx`: one nginx.conf (plus an htpasswd file per Basic provider) for the
 * Debian package's modules (map, rewrite, auth_basic, auth_request, upstream, split_clients,
 * limit_req, mirror, headers). First-match
 * order is kept by one dispatch map (see dispatch.ts), not by nginx's location precedence.
 */
import { relative } from 'node:path';
import { escapeRegex } from '../path-regex.js';
import { leftOut, problemJson, seconds } from '../shared/text.js';
import { allowRanges, reportServer } from '../shared/unknown.js';
import { type Exporter, FindingList } from '../types.js';
import { authLocations, authMaps, htpasswdFiles } from './auth.js';
import { CorsSettings } from './cors.js';
import { dispatchMaps } from './dispatch.js';
import { type LocationContext, routeLocation } from './locations.js';
import { quote, reindent } from './text.js';
import { upstreamBlock } from './upstreams.js';

export const nginxExporter: Exporter = {
  name: 'nginx',
  description: 'nginx.conf (+ htpasswd files) for nginx ≥ 1.18 with the stock modules',
  export(config, analysis) {
    const findings = new FindingList();
    const cors = new CorsSettings();
    const ctx: LocationContext = { config, analysis, findings, cors, httpLines: [], serverLines: [] };
    const used = new Set(
      analysis.routes.flatMap((r) => [
        ...(r.action.kind === 'upstream' && !r.action.transform ? [r.action.upstream] : []),
        ...(r.route.split?.upstreams.map((side) => side.name) ?? []),
        ...(r.route.mirror ? [r.route.mirror.upstream] : []),
      ]),
    );
    const upstreams = analysis.upstreams
      .filter((u) => used.has(u.upstream.name))
      .flatMap((u) => upstreamBlock(u, findings));
    const locations = analysis.routes.flatMap((r) => routeLocation(r, ctx));
    const htpasswd = htpasswdFiles(config.auth, analysis, findings);
    reportServer(
      config.server,
      findings,
      'nginx',
      "nginx forwards the caller's traceparent unchanged (the stock package has no tracer)",
    );
    const metrics = config.server.metrics;
    if (metrics) {
      findings.approximate(
        'server.metrics',
        "nginx's stub_status answers on the metrics path: connection counts, not gateway's Prometheus metrics",
      );
    }
    const { server } = config;
    const source = config.file ? relative(config.dir, config.file) : 'an in-memory config';
    const conf = reindent([
      `# Exported by \`gateway export nginx\` from ${source}. Regenerate it rather than editing it:`,
      '# gateway test --live --target <this server> checks it against the same cases as gateway.',
      '# Run: nginx -p "$PWD" -c "$PWD/nginx.conf" (add -g "daemon off;" in a container).',
      'worker_processes auto;',
      'events { worker_connections 1024; }',
      '',
      'http {',
      ...[
        'access_log off;',
        'server_tokens off;',
        // nginx's own answers (no route, auth denied) are RFC 9457 problems, as gateway's are.
        'default_type application/problem+json;',
        `client_max_body_size ${server.limits.bodySize};`,
        `large_client_header_buffers 4 ${Math.max(1024, server.limits.headerSize)};`,
        `client_header_timeout ${seconds(server.limits.headersTimeout)};`,
        `client_body_timeout ${seconds(server.limits.requestTimeout)};`,
        'merge_slashes on;',
        // One variable per route condition, split and redirect: room for all of them.
        'variables_hash_max_size 4096;',
        'variables_hash_bucket_size 128;',
        '# a literal "$" inside quoted strings',
        'geo $gw_dollar { default "$"; }',
        'map $http_upgrade $gw_connection { default upgrade; "" close; }',
        '',
        ...upstreams,
        '',
        ...authMaps(config.auth, analysis),
        ...cors.maps(),
        '',
        ...dispatchMaps(analysis.routes),
        ...ctx.httpLines,
        '',
        'server {',
        `listen ${server.host.includes(':') ? `[${server.host}]` : server.host}:${server.port}${server.tls ? ' ssl' : ''};`,
        '    server_name _;',
        ...findings.items
          .filter((f) => f.path === 'server' || f.path.startsWith('server.'))
          .map((f) => leftOut(f.message, '')),
        ...(server.tls ? tlsLines(server.tls, config.dir) : []),
        '    # Every request goes to the internal location of the first route that matches it.',
        // Read into a variable first: the maps' own regexes would overwrite the rewrite's $1.
        'set $gw_target $gw_route;',
        `rewrite "^/(?!__gateway/${metrics ? `|${escapeRegex(metrics.path.slice(1))}$` : ''})(.*)$" /__gateway/$gw_target/$1 last;`,
        ...(metrics
          ? [
              `location = ${metrics.path} {`,
              ...allowRanges(metrics.allow).map((range) => `allow ${range};`),
              'deny all;',
              'default_type text/plain;',
              'stub_status;',
              '}',
            ]
          : []),
        '',
        '    location ^~ /__gateway/none/ {',
        '      internal;',
        `      if ($gw_plain_path = 0) { return 400 ${quote(problemJson(400, 'Bad Request', 'encoded slash (%2F or %5C) in the path: no route allows it'))}; }`,
        `      return 404 ${quote(problemJson(404, 'Not Found', 'no route matches this request'))};`,
        '    }',
        ...authLocations(config.auth),
        ...ctx.serverLines,
        ...locations,
        '}',
      ],
      '}',
      '',
    ]);
    return { files: [{ name: 'nginx.conf', content: conf }, ...htpasswd], findings: findings.items };
  },
};

function tlsLines(tls: { cert: string; key: string }, _dir: string): string[] {
  return [`ssl_certificate ${tls.cert};`, `ssl_certificate_key ${tls.key};`];
}
