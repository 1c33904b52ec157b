/**
 * An upstream as the servers of a backend: HAProxy's balancer (roundrobin with weights, leastconn,
 * random, random(2), hash with `hash-type consistent`), active checks, passive ejection, sticky
 * cookies, retries and timeouts.
 */
import type { RouteNeeds, UpstreamNeeds } from '../analysis.js';
import { seconds } from '../shared/text.js';
import type { FindingList } from '../types.js';

/** The balance, check, timeout, retry and `server` lines of `upstreamNeeds` for the route. */
export function serverLines(
  needs: RouteNeeds,
  upstreamNeeds: UpstreamNeeds,
  findings: FindingList,
): string[] {
  const up = upstreamNeeds.upstream;
  const out: string[] = ['  option forwardfor'];
  const b = up.balancer;
  const key = b.key;
  const balance: Record<string, string> = {
    'round-robin': 'roundrobin',
    'weighted-round-robin': 'roundrobin',
    'least-connections': 'leastconn',
    random: 'random',
    'power-of-two-choices': 'random(2)',
    'consistent-hash':
      key === undefined || key === 'ip'
        ? 'source'
        : 'header' in key
          ? `hdr(${key.header})`
          : 'cookie' in key
            ? `hash req.cook(${key.cookie})`
            : `url_param ${key.query}`,
  };
  out.push(`  balance ${balance[b.type] ?? 'roundrobin'}`);
  if (b.type === 'consistent-hash') out.push('  hash-type consistent');
  if (b.stickyCookie) out.push(`  cookie ${b.stickyCookie} insert indirect nocache`);
  const active = up.health.active;
  if (active) {
    out.push(`  option httpchk GET ${active.path}`);
    out.push(
      active.expectedStatus.length > 0
        ? `  http-check expect status ${active.expectedStatus.join(',')}`
        : '  http-check expect rstatus ^2',
    );
  }
  const timeout = needs.route.timeout ?? up.timeouts.response;
  out.push(`  timeout connect ${seconds(up.timeouts.connect)}`, `  timeout server ${seconds(timeout)}`);
  if (needs.route.websocket) out.push('  timeout tunnel 1h');
  if (up.retries.attempts > 0) {
    const statuses = up.retries.statuses.filter((s) =>
      [401, 403, 404, 408, 425, 500, 501, 502, 503, 504].includes(s),
    );
    out.push(
      `  retries ${up.retries.attempts}`,
      `  retry-on conn-failure empty-response response-timeout ${statuses.join(' ')}`.trimEnd(),
      '  option redispatch 1',
    );
  } else out.push('  retries 0');
  if (upstreamNeeds.scheme === 'mixed')
    findings.unsupported(upstreamNeeds.at, 'targets mix http:// and https://');
  if (upstreamNeeds.basePath)
    findings.unsupported(upstreamNeeds.at, `targets with a path ("${upstreamNeeds.basePath}")`);
  const maxconn = Number.isFinite(up.limits.maxConcurrent)
    ? Math.max(1, Math.ceil(up.limits.maxConcurrent / up.targets.length))
    : undefined;
  if (maxconn)
    findings.approximate(
      `${upstreamNeeds.at}.limits`,
      `maxConcurrent ${up.limits.maxConcurrent} is split per server (maxconn ${maxconn}); excess requests wait in HAProxy's queue`,
    );
  const passive = up.health.passive;
  upstreamNeeds.servers.forEach((server, i) => {
    const params = [
      `weight ${server.weight}`,
      active
        ? `check inter ${seconds(active.interval)} rise ${active.healthyThreshold} fall ${active.unhealthyThreshold}`
        : passive
          ? 'check'
          : '',
      passive ? `observe layer7 error-limit ${passive.consecutiveFailures} on-error mark-down` : '',
      // Without an active probe, `check` with an ejection time only retries the server after that long.
      passive && !active ? `inter ${seconds(passive.baseEjection)}` : '',
      b.stickyCookie ? `cookie s${i}` : '',
      maxconn ? `maxconn ${maxconn}` : '',
      upstreamNeeds.scheme === 'https'
        ? `ssl verify ${up.tlsInsecure ? 'none' : 'required ca-file @system-ca'}`
        : '',
    ].filter(Boolean);
    out.push(`  server s${i} ${server.address} ${params.join(' ')}`);
  });
  return out;
}
