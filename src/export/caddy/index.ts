/**
 * `gateway export caddy`: one Caddyfile for Caddy ≥ 2.6 (stock modules): named matchers per
 * route and one `route` block of mutually exclusive `handle`s in evaluation order (first match).
 */
import { relative } from 'node:path';
import { leftOut, problemJson } from '../shared/text.js';
import { allowRanges, reportServer } from '../shared/unknown.js';
import { type Exporter, FindingList } from '../types.js';
import { type HandlerContext, routeHandlers } from './handlers.js';
import { ENCODED_SLASH, routeKey, routeMatcher } from './matchers.js';
import { literal } from './text.js';

export const caddyExporter: Exporter = {
  name: 'caddy',
  description: 'Caddyfile for Caddy ≥ 2.6',
  export(config, analysis) {
    const findings = new FindingList();
    const ctx: HandlerContext = {
      analysis,
      findings,
      matchers: [],
      scheme: config.server.tls ? 'https' : 'http',
      dir: config.dir,
    };
    const matchers = analysis.routes.flatMap((needs) => [
      `# route "${needs.route.name}" (${needs.at})`,
      ...routeMatcher(needs, findings),
    ]);
    const handles = analysis.routes.flatMap((needs) => [
      `# route "${needs.route.name}" (${needs.at})`,
      `handle @${routeKey(needs)} {`,
      '  route {',
      ...routeHandlers(needs, ctx).map((l) => `    ${l}`),
      '  }',
      '}',
    ]);
    const { server } = config;
    reportServer(
      server,
      findings,
      'Caddy',
      "Caddy forwards the caller's traceparent unchanged (its `tracing` directive needs an OTLP collector)",
    );
    const metrics = server.metrics;
    if (metrics)
      findings.approximate(
        'server.metrics',
        "Caddy's `metrics` handler answers on the metrics path, with Caddy's metrics, not gateway's",
      );
    const source = config.file ? relative(config.dir, config.file) : 'an in-memory config';
    const lines = [
      `# Exported by \`gateway export caddy\` from ${source}. Regenerate it rather than editing it.`,
      '# Run: caddy run --config Caddyfile --adapter caddyfile   (check: caddy validate --config Caddyfile)',
      '{',
      '  admin off',
      '  auto_https off',
      '}',
      '',
      `${server.tls ? 'https' : 'http'}://:${server.port} {`,
      `  bind ${server.host}`,
      ...findings.items
        .filter((f) => f.path === 'server' || f.path.startsWith('server.'))
        .map((f) => leftOut(f.message, '  ')),
      ...(server.tls ? [`  tls ${server.tls.cert} ${server.tls.key}`] : []),
      `  request_body {`,
      `    max_size ${server.limits.bodySize}`,
      '  }',
      ...[...matchers, ...ctx.matchers].map((l) => `  ${l}`),
      ...(metrics
        ? [
            `  @gw_metrics {`,
            `    path ${metrics.path}`,
            `    remote_ip ${allowRanges(metrics.allow).join(' ')}`,
            '  }',
          ]
        : []),
      '  route {',
      ...(metrics ? ['    handle @gw_metrics {', '      metrics', '    }'] : []),
      ...handles.map((l) => `    ${l}`),
      `    @gw_encoded_slash ${ENCODED_SLASH}`,
      '    handle @gw_encoded_slash {',
      '      header Content-Type application/problem+json',
      `      respond ${literal(problemJson(400, 'Bad Request', 'encoded slash (%2F or %5C) in the path: no route allows it'))} 400`,
      '    }',
      '    # no route matched',
      '    handle {',
      '      header Content-Type application/problem+json',
      `      respond ${literal(problemJson(404, 'Not Found', 'no route matches this request'))} 404`,
      '    }',
      '  }',
      '}',
      '',
    ];
    return { files: [{ name: 'Caddyfile', content: lines.join('\n') }], findings: findings.items };
  },
};
