/** `split/zero-weights`: a traffic split whose weights sum to 0 answers every request with 503. */
import type { LintRule, RuleFinding } from '../types.js';

export const splitZeroWeights: LintRule = {
  id: 'split/zero-weights',
  severity: 'error',
  description: 'A traffic split whose weights sum to 0 sends nothing anywhere: every request gets 503.',
  help: 'Give at least one side a weight above 0 (weights are shares: weight / sum).',
  check({ config }) {
    const findings: RuleFinding[] = [];
    for (const route of config.routes) {
      const split = route.split;
      if (split === undefined || split.upstreams.some((side) => side.weight > 0)) continue;
      // A pinned caller still gets through; everyone else does not.
      const pinned = split.pin
        ? ` (only callers pinned by ${split.pin.kind} ${split.pin.name} get through)`
        : '';
      findings.push({
        path: `routes[${route.index}].upstream`,
        message: `every side of the split of "${route.name}" has weight 0, so unpinned requests get 503${pinned} — give a side a weight above 0`,
      });
    }
    return findings;
  },
};
