/** `upstream/invalid-target`: a target that is not a URL, or whose scheme the upstream's protocol cannot use. */
import { targetAddress } from '../../config/values.js';
import type { LintRule } from '../types.js';
import { listTargets, TARGET_SCHEMES } from './targets.js';

export const upstreamInvalidTarget: LintRule = {
  id: 'upstream/invalid-target',
  severity: 'error',
  loadError: true,
  description: 'A target is not a usable URL for its upstream.',
  help: 'Write targets as absolute URLs: `http://127.0.0.1:4001` (or `grpc://` for gRPC upstreams).',
  check({ user }) {
    return listTargets(user).flatMap((target) => {
      const schemes = TARGET_SCHEMES[target.protocol];
      const address = targetAddress(target.url);
      if (address === undefined) {
        return [
          {
            path: target.path,
            message: `${JSON.stringify(target.url)} is not a URL — write e.g. "${schemes[0]}//127.0.0.1:4001"`,
          },
        ];
      }
      if (schemes.includes(address.protocol)) return [];
      const allowed = schemes.map((s) => `${s}//`).join(' or ');
      const fix = address.protocol === 'grpc:' ? `, or set protocol: 'grpc' on "${target.upstream}"` : '';
      return [
        {
          path: target.path,
          message: `${JSON.stringify(target.url)}: targets of the ${target.protocol} upstream "${target.upstream}" start with ${allowed} — change the scheme${fix}`,
        },
      ];
    });
  },
};
