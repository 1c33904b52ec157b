/**
 * `match/path-parameters`: a route with `match.allowPathParameters` accepts `..;` and `.;`
 * segments, which Tomcat, Jetty and Spring resolve as `..` and `.`: the upstream may serve a path
 * outside the route's prefix (the "..;" traversal class, e.g. CVE-2018-1271).
 */
import type { LintRule } from '../types.js';

export const matchPathParameters: LintRule = {
  id: 'match/path-parameters',
  severity: 'warn',
  description:
    'A route accepts dot segments with `;` path parameters (`..;`), which some upstream servers resolve as `..`.',
  help: 'Remove `match.allowPathParameters` unless the upstream needs `;` parameters on dot segments; then make sure it does not resolve `..;` as `..`.',
  check({ user }) {
    return user.routes.flatMap((route, index) =>
      route.match.allowPathParameters === true
        ? [
            {
              path: `routes[${index}].match.allowPathParameters`,
              message: `route "${route.name}" accepts "..;" and ".;" segments, which Tomcat, Jetty and Spring read as ".." — the upstream may serve paths outside ${typeof route.match.path === 'string' ? route.match.path : 'this route'}; remove allowPathParameters unless the upstream needs it`,
            },
          ]
        : [],
    );
  },
};
