/** `route/duplicate-name`: two routes with one name; explain, the log and `gateway test` could not tell them apart. */
import type { LintRule, RuleFinding } from '../types.js';

export const routeDuplicateName: LintRule = {
  id: 'route/duplicate-name',
  severity: 'error',
  loadError: true,
  description: 'Two routes have the same name.',
  help: 'Give each route a unique name: explain, the access log and `gateway test` refer to routes by name.',
  check({ user }) {
    const findings: RuleFinding[] = [];
    const first = new Map<string, number>();
    user.routes.forEach((route, index) => {
      const earlier = first.get(route.name);
      if (earlier === undefined) first.set(route.name, index);
      else {
        findings.push({
          path: `routes[${index}].name`,
          message: `${JSON.stringify(route.name)} is already the name of routes[${earlier}] — rename one of them`,
        });
      }
    });
    return findings;
  },
};
