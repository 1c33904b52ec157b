/** `mirror/self`: a route that mirrors to its own upstream sends every request there twice. */
import type { LintRule, RuleFinding } from '../types.js';

export const mirrorSelf: LintRule = {
  id: 'mirror/self',
  severity: 'warn',
  description: 'A route mirrors to the upstream it forwards to, so that upstream gets each request twice.',
  help: 'Mirror to a different upstream (a shadow or next version), or remove `mirror`.',
  check({ config }) {
    const findings: RuleFinding[] = [];
    for (const route of config.routes) {
      const mirror = route.mirror;
      if (mirror === undefined) continue;
      const own = route.split ? route.split.upstreams.map((side) => side.name) : [route.upstream];
      if (!own.includes(mirror.upstream)) continue;
      findings.push({
        path: `routes[${route.index}].mirror.upstream`,
        message: `"${route.name}" forwards to "${mirror.upstream}" and mirrors to it too — a write (POST, PUT) would happen twice; mirror to another upstream`,
      });
    }
    return findings;
  },
};
