/** `route/empty-methods`: `methods: []` accepts no method, so the route matches nothing. */
import type { LintRule } from '../types.js';

export const routeEmptyMethods: LintRule = {
  id: 'route/empty-methods',
  severity: 'error',
  description: 'A route lists no methods (`methods: []`), so it matches no request.',
  help: "Remove `methods` to accept every method, or list the methods the route serves, e.g. `methods: ['GET']`.",
  check({ user }) {
    return user.routes.flatMap((route, index) =>
      route.match.methods !== undefined && route.match.methods.length === 0
        ? [
            {
              path: `routes[${index}].match.methods`,
              message: `route "${route.name}" lists no methods, so it matches nothing — remove "methods" to accept all, or list some`,
            },
          ]
        : [],
    );
  },
};
