/**
 * `reverse_proxy` for one upstream: Caddy's `lb_policy` for gateway's balancer, active and
 * passive health checks, retries (a time, not a count), timeouts and the upstream `Host`.
 */
import type { RouteNeeds, UpstreamNeeds } from '../analysis.js';
import { seconds } from '../shared/text.js';
import type { FindingList } from '../types.js';

/**
 * The `reverse_proxy` block for `upstreamNeeds`; `matcher` (`@r16_pin0`) when it only takes the
 * requests that matcher selects (a split's side).
 */
export function proxyLines(
  needs: RouteNeeds,
  upstreamNeeds: UpstreamNeeds,
  findings: FindingList,
  matcher = '',
): string[] {
  const up = upstreamNeeds.upstream;
  const at = upstreamNeeds.at;
  const b = up.balancer;
  const key = b.key;
  const policies: Record<string, string> = {
    'round-robin': 'round_robin',
    'weighted-round-robin': 'round_robin',
    'least-connections': 'least_conn',
    random: 'random',
    'power-of-two-choices': 'random_choose 2',
    'consistent-hash':
      key === undefined || key === 'ip'
        ? 'ip_hash'
        : 'header' in key
          ? `header ${key.header}`
          : 'cookie' in key
            ? `cookie ${key.cookie}`
            : 'uri_hash',
  };
  if (b.type === 'weighted-round-robin')
    findings.approximate(
      `${at}.balancer`,
      'weights: Caddy 2.6 has no weighted round-robin; targets are taken in turn',
    );
  if (b.type === 'consistent-hash' && key !== undefined && key !== 'ip' && 'query' in key)
    findings.approximate(`${at}.balancer.key`, 'hashing on a query parameter: Caddy hashes the whole URI');
  let policy = policies[b.type] ?? 'round_robin';
  if (b.stickyCookie) {
    findings.approximate(
      `${at}.balancer.stickyCookie`,
      `sticky cookie: Caddy's cookie policy picks the first target at random, not by "${b.type}"`,
    );
    policy = `cookie ${b.stickyCookie}`;
  }
  const targets = up.targets.map((t) => `${upstreamNeeds.scheme === 'https' ? 'https://' : ''}${t.id}`);
  const lines = [`lb_policy ${policy}`];
  const active = up.health.active;
  if (active) {
    lines.push(
      `health_uri ${active.path}`,
      `health_interval ${seconds(active.interval)}`,
      `health_timeout ${seconds(active.timeout)}`,
    );
    if (active.expectedStatus.length === 1) lines.push(`health_status ${active.expectedStatus[0]}`);
  }
  const passive = up.health.passive;
  if (passive)
    lines.push(
      `fail_duration ${seconds(passive.baseEjection)}`,
      `max_fails ${passive.consecutiveFailures}`,
      'unhealthy_status 5xx',
    );
  if (up.retries.attempts > 0) {
    lines.push(
      `lb_try_duration ${seconds(Math.max(1000, up.retries.backoff * (up.retries.attempts + 1)))}`,
      `lb_try_interval ${seconds(Math.max(1, up.retries.backoff))}`,
    );
    findings.approximate(
      `${at}.retries`,
      'retries: Caddy retries only failed connections, for a time (lb_try_duration), not a count or statuses',
    );
  }
  if (Number.isFinite(up.limits.maxConcurrent)) {
    lines.push(
      `unhealthy_request_count ${Math.max(1, Math.ceil(up.limits.maxConcurrent / up.targets.length))}`,
    );
    findings.approximate(
      `${at}.limits`,
      'concurrency limits: Caddy marks a target busy past unhealthy_request_count; there is no queue',
    );
  }
  if (up.changeOrigin) lines.push('header_up Host {upstream_hostport}');
  lines.push('header_up X-Forwarded-Host {host}');
  const timeout = needs.route.timeout ?? up.timeouts.response;
  lines.push(
    'transport http {',
    `  dial_timeout ${seconds(up.timeouts.connect)}`,
    `  response_header_timeout ${seconds(timeout)}`,
  );
  if (upstreamNeeds.scheme === 'https' && up.tlsInsecure) lines.push('  tls_insecure_skip_verify');
  lines.push('}');
  if (upstreamNeeds.basePath) findings.unsupported(at, `targets with a path ("${upstreamNeeds.basePath}")`);
  return [
    `reverse_proxy ${matcher ? `${matcher} ` : ''}${targets.join(' ')} {`,
    ...lines.map((l) => `  ${l}`),
    '}',
  ];
}
