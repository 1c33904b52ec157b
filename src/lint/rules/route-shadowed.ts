/**
 * `route/shadowed`: a route that can never match, because routes evaluated before it accept
 * every request it accepts — one route, or several that split its methods between them.
 * Path, methods, host, headers and query all count; an earlier route with an extra condition
 * never covers, and a RegExp covers only what it provably matches. No near-misses.
 */
import { routeCovers } from '../analysis/coverage.js';
import type { LintRoute, LintRule, RuleFinding } from '../types.js';

export const routeShadowed: LintRule = {
  id: 'route/shadowed',
  severity: 'error',
  description: 'A route can never match: routes evaluated before it accept every request it accepts.',
  help: 'Move the shadowed route above the broader one (or give it a higher `priority`), or narrow the broader route.',
  check({ routes }) {
    const findings: RuleFinding[] = [];
    const live = routes.filter((r) => r.config.match.methods?.length !== 0);
    live.forEach((route, position) => {
      const earlier = live.slice(0, position);
      const coverers = findCoverers(earlier, route);
      if (coverers)
        findings.push({ path: `routes[${route.config.index}].match`, message: describe(route, coverers) });
    });
    return findings;
  },
};

// One earlier route covering everything, else (for a route with listed methods) one per method.
function findCoverers(earlier: readonly LintRoute[], route: LintRoute): LintRoute[] | undefined {
  const single = earlier.find((candidate) => routeCovers(candidate, route));
  if (single) return [single];
  const methods = route.config.match.methods;
  if (methods === undefined || methods.length < 2) return undefined;
  const perMethod: LintRoute[] = [];
  for (const method of methods) {
    const found = earlier.find((candidate) => routeCovers(candidate, route, method));
    if (!found) return undefined;
    if (!perMethod.includes(found)) perMethod.push(found);
  }
  return perMethod;
}

function describe(route: LintRoute, coverers: readonly LintRoute[]): string {
  const names = coverers
    .map((c) => `"${c.config.name}" (routes[${c.config.index}]${priorityNote(c, route)})`)
    .join(' and ');
  const verb = coverers.length === 1 ? 'accepts' : 'together accept';
  const reordered = coverers.some((c) => c.config.index > route.config.index);
  const fix = reordered
    ? `give "${route.config.name}" a priority above ${coverers.map((c) => `"${c.config.name}"`).join(' and ')}'s, or narrow them`
    : `move "${route.config.name}" above ${coverers.map((c) => `"${c.config.name}"`).join(' and ')}, or narrow ${coverers.length === 1 ? 'that route' : 'them'}`;
  return `route "${route.config.name}" can never match: ${names} ${verb} every request it does — ${fix}`;
}

// A route declared later but evaluated first got there by its priority: say so.
function priorityNote(coverer: LintRoute, route: LintRoute): string {
  if (coverer.config.index < route.config.index) return '';
  return `, priority ${coverer.config.priority} > ${route.config.priority}`;
}
