/**
 * `upstream` blocks with nginx's own balancers: round-robin (with weights), `least_conn`,
 * `random`, `random two least_conn` (power of two choices), `hash … consistent` (consistent
 * hashing on a header, cookie, query parameter or the client address). Passive health is
 * `max_fails`/`fail_timeout`; active probes and sticky cookies are NGINX Plus only.
 */
import type { UpstreamNeeds } from '../analysis.js';
import { leftOut, seconds } from '../shared/text.js';
import type { FindingList } from '../types.js';
import { argVariable, headerVariable } from './text.js';

/** The `upstream` name of a gateway upstream. */
export function upstreamName(name: string): string {
  return `gw_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** One `upstream { … }` block (with comments for what is left out). */
export function upstreamBlock(needs: UpstreamNeeds, findings: FindingList): string[] {
  const { upstream, at } = needs;
  const out: string[] = [
    `# upstream "${upstream.name}" (${at})`,
    `upstream ${upstreamName(upstream.name)} {`,
  ];
  const balancer = upstream.balancer;
  switch (balancer.type) {
    case 'round-robin':
    case 'weighted-round-robin':
      break;
    case 'least-connections':
      out.push('  least_conn;');
      break;
    case 'random':
      out.push('  random;');
      break;
    case 'power-of-two-choices':
      out.push('  random two least_conn;');
      break;
    case 'consistent-hash': {
      const key = balancer.key;
      const variable =
        key === undefined || key === 'ip'
          ? '$remote_addr'
          : 'header' in key
            ? headerVariable(key.header)
            : 'cookie' in key
              ? `$cookie_${key.cookie}`
              : argVariable(key.query);
      out.push(`  hash ${variable} consistent;`);
      break;
    }
    default:
      out.push(
        leftOut(
          findings.approximate(
            `${at}.balancer`,
            `balancer "${balancer.type}" has no nginx equivalent; nginx uses round-robin`,
          ),
          '  ',
        ),
      );
  }
  if (balancer.stickyCookie) {
    out.push(
      leftOut(
        findings.approximate(
          `${at}.balancer.stickyCookie`,
          `sticky cookie "${balancer.stickyCookie}": \`sticky cookie\` is NGINX Plus only — use \`hash $cookie_${balancer.stickyCookie} consistent\` if clients set it themselves`,
        ),
        '  ',
      ),
    );
  }
  if (upstream.health.active) {
    out.push(
      leftOut(
        findings.approximate(
          `${at}.health.active`,
          `active health checks (\`health_check\`) are NGINX Plus only; nginx ejects targets passively (max_fails)`,
        ),
        '  ',
      ),
    );
  }
  const passive = upstream.health.passive;
  const maxConns =
    upstream.limits.maxConcurrent > 0 && Number.isFinite(upstream.limits.maxConcurrent)
      ? Math.max(1, Math.ceil(upstream.limits.maxConcurrent / Math.max(1, needs.servers.length)))
      : undefined;
  for (const server of needs.servers) {
    const params = [
      balancer.type === 'weighted-round-robin' || server.weight !== 1 ? `weight=${server.weight}` : '',
      passive
        ? `max_fails=${passive.consecutiveFailures} fail_timeout=${seconds(passive.baseEjection)}`
        : 'max_fails=0',
      maxConns ? `max_conns=${maxConns}` : '',
    ].filter(Boolean);
    out.push(`  server ${server.address}${params.length ? ` ${params.join(' ')}` : ''};`);
  }
  if (maxConns) {
    out.push(
      leftOut(
        findings.approximate(
          `${at}.limits`,
          `maxConcurrent ${upstream.limits.maxConcurrent} is split per target (max_conns=${maxConns}); the pending queue is NGINX Plus only`,
        ),
        '  ',
      ),
    );
  }
  out.push('  keepalive 16;', '}');
  return out;
}
