/** `rewrite/unknown-param`: a rewrite template uses a parameter the route's path does not capture (it would be empty). */
import { templateParams } from '../../pipeline/rewrite.js';
import { showPath } from '../analysis/coverage.js';
import type { LintRule, RuleFinding } from '../types.js';

export const rewriteUnknownParam: LintRule = {
  id: 'rewrite/unknown-param',
  severity: 'error',
  description: "A rewrite template uses a parameter the route's path does not capture.",
  help: 'Use a parameter the path captures (`:id` in `/users/:id`, `**` for a glob rest, a named group of a RegExp), or capture it.',
  check({ routes }) {
    const findings: RuleFinding[] = [];
    for (const route of routes) {
      const template = route.config.rewrite?.path;
      if (template === undefined) continue;
      const captured = route.match.params;
      for (const param of new Set(templateParams(template))) {
        if (captured.includes(param)) continue;
        const shown = param === '**' ? '**' : `:${param}`;
        const available =
          captured.length > 0
            ? `it captures ${captured.map((p) => (p === '**' ? '**' : `:${p}`)).join(', ')}`
            : 'it captures nothing';
        findings.push({
          path: `routes[${route.config.index}].rewrite.path`,
          message: `"${shown}" in "${template}" is not captured by the path ${showPath(route.config.match)} (${available}) — it would be empty; use a captured parameter or capture it`,
        });
      }
    }
    return findings;
  },
};
