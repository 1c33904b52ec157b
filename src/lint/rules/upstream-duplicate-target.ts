/** `upstream/duplicate-target`: one instance listed twice in a pool (it would get twice the traffic, unannounced). */
import { targetAddress } from '../../config/values.js';
import type { LintRule, RuleFinding } from '../types.js';
import { listTargets } from './targets.js';

export const upstreamDuplicateTarget: LintRule = {
  id: 'upstream/duplicate-target',
  severity: 'error',
  loadError: true,
  description: 'An upstream lists the same host:port twice.',
  help: 'Remove the repeated target; to send it more traffic, give it a `weight` and use `weighted-round-robin`.',
  check({ user }) {
    const findings: RuleFinding[] = [];
    const seen = new Map<string, number>();
    for (const target of listTargets(user)) {
      const id = targetAddress(target.url)?.id;
      if (id === undefined) continue;
      const key = `${target.upstream}\u0000${id}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, target.index);
      else {
        findings.push({
          path: target.path,
          message: `${id} is already targets[${first}] of "${target.upstream}" — remove it (use a weight for more traffic)`,
        });
      }
    }
    return findings;
  },
};
