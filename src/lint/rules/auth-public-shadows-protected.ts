/**
 * `auth/public-shadows-protected`: a public route, evaluated first, takes requests that a later
 * protected route was written for, so those requests skip its auth. "Written for": the public
 * route's path covers the protected one's and some request meets both routes' methods, host and
 * conditions. A narrower public route before a broad protected one (`/health` before `/**`) is
 * a deliberate exception and is not reported.
 */
import { routeTakesRequestsOf, sharedMethods, showPath } from '../analysis/coverage.js';
import type { LintRule, RuleFinding } from '../types.js';

export const authPublicShadowsProtected: LintRule = {
  id: 'auth/public-shadows-protected',
  severity: 'error',
  description:
    'A public route is evaluated before a protected route and takes requests the protected route was written for.',
  help: 'Move the protected route first, narrow the public route, or limit the protected route to the methods it protects.',
  check({ routes }) {
    const findings: RuleFinding[] = [];
    routes.forEach((route, position) => {
      if (route.config.auth === null) return;
      const open = routes.slice(0, position).find(
        // A redirect serves nothing, so a public one exposes nothing the later route protects.
        (earlier) =>
          earlier.config.auth === null &&
          earlier.config.redirect === undefined &&
          routeTakesRequestsOf(earlier, route),
      );
      if (!open) return;
      const methods = sharedMethods(open.config, route.config);
      const what = `${methods ? methods.join('/') : 'all'} requests to ${showPath(route.config.match)}`;
      const providers = route.config.auth.providers.join(', ');
      findings.push({
        path: `routes[${route.config.index}].auth`,
        message:
          `public route "${open.config.name}" (routes[${open.config.index}]) takes ${what} before "${route.config.name}" ` +
          `(auth: ${providers}) sees them, so they are served without auth — move "${route.config.name}" first, ` +
          `narrow "${open.config.name}", or limit "${route.config.name}" to the methods it protects`,
      });
    });
    return findings;
  },
};
