/**
 * `gateway export haproxy`: one haproxy.cfg for HAProxy ≥ 2.6 — a frontend whose ACLs and
 * ordered `use_backend` rules give gateway's first match, and one backend per route.
 */
import { relative } from 'node:path';
import { ident, leftOut, problemJson, seconds } from '../shared/text.js';
import { allowRanges, reportServer } from '../shared/unknown.js';
import { type Exporter, FindingList } from '../types.js';
import { type BackendContext, routeBackend } from './backends.js';
import { routeAcls, routeKey } from './conditions.js';
import { splitDispatch } from './split.js';
import { sq } from './text.js';

export const haproxyExporter: Exporter = {
  name: 'haproxy',
  description: 'haproxy.cfg for HAProxy ≥ 2.6',
  export(config, analysis) {
    const findings = new FindingList();
    const ctx: BackendContext = {
      analysis,
      findings,
      userlists: new Set(),
      scheme: config.server.tls ? 'https' : 'http',
      dir: config.dir,
    };
    const { server } = config;
    const acls: string[] = [];
    const rules: string[] = [];
    const picks: string[] = [];
    const backends: string[] = [];
    for (const needs of analysis.routes) {
      const route = routeAcls(needs, findings);
      acls.push(`  # route "${needs.route.name}" (${needs.at})`, ...route.acls.map((a) => `  ${a}`));
      const split = needs.route.split;
      if (split) {
        const dispatch = splitDispatch(needs, split, route.condition);
        picks.push(...dispatch.rules);
        rules.push(...dispatch.useBackends);
        backends.push('', ...routeBackend(needs, ctx, dispatch.sides));
      } else {
        rules.push(`  use_backend ${routeKey(needs)} if ${route.condition}`);
        backends.push('', ...routeBackend(needs, ctx));
      }
    }
    const userlists = [...ctx.userlists].flatMap((name) => {
      const provider = config.auth[name];
      if (provider?.type !== 'basic') return [];
      const users = provider.users.flatMap((user, i) => {
        const at = `auth.${name}.users[${i}].hash`;
        const hash = analysis.secrets.get(at);
        if (hash === undefined) return [];
        if (!/^\$2[aby]\$/.test(hash)) {
          findings.unsupported(
            at,
            `user "${user.name}": HAProxy checks passwords with crypt(3), which has no scrypt — hash it with \`htpasswd -nbB\` (bcrypt)`,
          );
          return [];
        }
        // Every user is in a group named after itself, so the identity header can name the user.
        return [`  user ${user.name} password ${hash} groups ${ident(user.name)}`];
      });
      const groups = provider.users.map((u) => `  group ${ident(u.name)}`);
      return [`userlist gw_${ident(name)}`, ...groups, ...users, ''];
    });
    reportServer(
      config.server,
      findings,
      'HAProxy',
      "HAProxy forwards the caller's traceparent unchanged (no tracer configured)",
    );
    const metrics = server.metrics;
    if (metrics)
      findings.approximate(
        'server.metrics',
        "HAProxy's Prometheus exporter answers on the metrics path, with HAProxy's metrics, not gateway's",
      );
    const source = config.file ? relative(config.dir, config.file) : 'an in-memory config';
    const cfg = [
      `# Exported by \`gateway export haproxy\` from ${source}. Regenerate it rather than editing it.`,
      '# Run: haproxy -f haproxy.cfg   (check: haproxy -c -f haproxy.cfg)',
      'global',
      '  log stderr format raw local0 err',
      '',
      'defaults',
      '  mode http',
      '  log global',
      '  option http-keep-alive',
      `  timeout client ${seconds(server.limits.requestTimeout)}`,
      `  timeout http-request ${seconds(server.limits.headersTimeout)}`,
      '  timeout connect 5s',
      '  timeout server 30s',
      '',
      ...userlists,
      'frontend gateway',
      ...findings.items
        .filter((f) => f.path === 'server' || f.path.startsWith('server.'))
        .map((f) => leftOut(f.message, '  ')),
      `  bind ${server.host.includes(':') ? `[${server.host}]` : server.host}:${server.port}${server.tls ? ` ssl crt ${server.tls.cert}` : ''}`,
      // By the declared length: a chunked body is not limited here.
      `  http-request deny deny_status 413 if { req.hdr_val(content-length) gt ${server.limits.bodySize} }`,
      ...(metrics
        ? [
            `  http-request use-service prometheus-exporter if { path ${metrics.path} } { src ${allowRanges(metrics.allow).join(' ')} }`,
          ]
        : []),
      '  acl gw_encoded_slash path -m reg -i %(2f|5c)',
      ...acls,
      ...picks,
      '  # first match wins: use_backend rules are tried in this order',
      ...rules,
      '  default_backend gw_none',
      '',
      'backend gw_none',
      `  http-request return status 400 content-type application/problem+json string ${sq(problemJson(400, 'Bad Request', 'encoded slash (%2F or %5C) in the path: no route allows it'))} if { path -m reg -i %(2f|5c) }`,
      `  http-request return status 404 content-type application/problem+json string ${sq(problemJson(404, 'Not Found', 'no route matches this request'))}`,
      ...backends,
      '',
    ].join('\n');
    return { files: [{ name: 'haproxy.cfg', content: cfg }], findings: findings.items };
  },
};
