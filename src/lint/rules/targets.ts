/** Every target URL of every upstream, with its key path: what the target rules look at. */
import { formatKeyPath } from '../../config/issues.js';
import type { UserConfig } from '../../config/schema/index.js';

export interface TargetEntry {
  readonly upstream: string;
  readonly protocol: 'http' | 'grpc' | 'soap';
  readonly index: number;
  readonly url: string;
  /** Key path of the URL (`upstreams.users.targets[1]`, or `upstreams.echo` for the one-URL shorthand). */
  readonly path: string;
}

/** Lists the targets in declared order. */
export function listTargets(user: UserConfig): TargetEntry[] {
  const out: TargetEntry[] = [];
  for (const [name, upstream] of Object.entries(user.upstreams ?? {})) {
    if (typeof upstream === 'string') {
      out.push({
        upstream: name,
        protocol: 'http',
        index: 0,
        url: upstream,
        path: formatKeyPath(['upstreams', name]),
      });
      continue;
    }
    const protocol = upstream.protocol ?? 'http';
    upstream.targets.forEach((target, index) => {
      const isString = typeof target === 'string';
      const url = isString ? target : target.url;
      const path = formatKeyPath(
        isString ? ['upstreams', name, 'targets', index] : ['upstreams', name, 'targets', index, 'url'],
      );
      out.push({ upstream: name, protocol, index, url, path });
    });
  }
  return out;
}

/** URL schemes a target of each protocol may use. */
export const TARGET_SCHEMES: Readonly<Record<TargetEntry['protocol'], readonly string[]>> = {
  http: ['http:', 'https:'],
  grpc: ['grpc:', 'http:', 'https:'],
  soap: ['http:', 'https:'],
};
