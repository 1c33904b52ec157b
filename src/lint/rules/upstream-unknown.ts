/** `upstream/unknown`: a route names an upstream that `upstreams` does not define. */
import { didYouMean } from '../../config/suggest.js';
import { upstreamNamesOf } from '../../config/schema/index.js';
import type { LintRule } from '../types.js';

export const upstreamUnknown: LintRule = {
  id: 'upstream/unknown',
  severity: 'error',
  loadError: true,
  description: 'A route sends requests to an upstream that is not defined.',
  help: 'Fix the name, or define the upstream under `upstreams`.',
  check({ user }) {
    const names = Object.keys(user.upstreams ?? {});
    const unknown = (name: string, path: string) => {
      if (names.includes(name)) return [];
      const hint = didYouMean(name, names) || ' — define it under "upstreams"';
      return [{ path, message: `upstream ${JSON.stringify(name)} is not defined${hint}` }];
    };
    return user.routes.flatMap((route, index) => [
      ...upstreamNamesOf(route.upstream).flatMap((name, side) =>
        unknown(
          name,
          `routes[${index}].upstream${typeof route.upstream === 'string' ? '' : `[${side}].name`}`,
        ),
      ),
      ...(route.mirror ? unknown(route.mirror.upstream, `routes[${index}].mirror.upstream`) : []),
    ]);
  },
};
