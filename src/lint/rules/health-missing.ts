/** `health/missing`: a pool of several targets without health checks keeps sending requests to a dead one. */
import { formatKeyPath } from '../../config/issues.js';
import type { LintRule, RuleFinding } from '../types.js';

export const healthMissing: LintRule = {
  id: 'health/missing',
  severity: 'warn',
  description:
    'An upstream with several targets has no health checks, so a dead target keeps getting its share of requests.',
  help: "Add `health: { passive: { consecutiveFailures: 5 } }` (ejects targets that fail real requests), and `active: { path: '/healthz' }` to probe them.",
  check({ user }) {
    const findings: RuleFinding[] = [];
    for (const [name, upstream] of Object.entries(user.upstreams ?? {})) {
      if (typeof upstream === 'string' || upstream.targets.length < 2) continue;
      if (upstream.health?.active || upstream.health?.passive) continue;
      findings.push({
        path: formatKeyPath(upstream.health ? ['upstreams', name, 'health'] : ['upstreams', name]),
        message: `"${name}" has ${upstream.targets.length} targets and no health checks — add health: { passive: { consecutiveFailures: 5 } } so a dead target is taken out`,
      });
    }
    return findings;
  },
};
