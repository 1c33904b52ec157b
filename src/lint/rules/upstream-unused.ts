/** `upstream/unused`: an upstream no route sends requests to. */
import { formatKeyPath } from '../../config/issues.js';
import { upstreamNamesOf } from '../../config/schema/index.js';
import type { LintRule } from '../types.js';

export const upstreamUnused: LintRule = {
  id: 'upstream/unused',
  severity: 'warn',
  description: 'An upstream is defined but no route uses it.',
  help: 'Point a route at it, or remove it (health checks still probe unused upstreams).',
  check({ user }) {
    const used = new Set(
      user.routes.flatMap((route) => [...upstreamNamesOf(route.upstream), route.mirror?.upstream]),
    );
    return Object.keys(user.upstreams ?? {})
      .filter((name) => !used.has(name))
      .map((name) => ({
        path: formatKeyPath(['upstreams', name]),
        message: `upstream "${name}" is not used by any route — point a route at it or remove it`,
      }));
  },
};
