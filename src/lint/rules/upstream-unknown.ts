/** `upstream/unknown`: a route names an upstream that `upstreams` does not define. */
import { didYouMean } from '../../config/suggest.js';
import type { LintRule } from '../types.js';

export const upstreamUnknown: LintRule = {
  id: 'upstream/unknown',
  severity: 'error',
  loadError: true,
  description: 'A route sends requests to an upstream that is not defined.',
  help: 'Fix the name, or define the upstream under `upstreams`.',
  check({ user }) {
    const names = Object.keys(user.upstreams ?? {});
    return user.routes.flatMap((route, index) => {
      if (route.upstream === undefined || names.includes(route.upstream)) return [];
      const hint = didYouMean(route.upstream, names) || ' — define it under "upstreams"';
      return [
        {
          path: `routes[${index}].upstream`,
          message: `upstream ${JSON.stringify(route.upstream)} is not defined${hint}`,
        },
      ];
    });
  },
};
