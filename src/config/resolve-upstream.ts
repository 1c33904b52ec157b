/** `upstreams` → `ResolvedUpstream`s: shorthand expanded, defaults filled, durations in ms, paths absolute. */
import { resolve } from 'node:path';
import type { ParsedConfig } from './check-refs.js';
import { withDefaults } from './defaults.js';
import type { ResolvedTarget, ResolvedUpstream } from './resolved.js';
import { DEFAULTABLE_UPSTREAM_KEYS } from './schema/index.js';
import { toMilliseconds } from './units.js';
import { isHttpUrl, targetAddress } from './values.js';

type UpstreamInput = NonNullable<ParsedConfig['upstreams']>[string];
type UpstreamObject = Exclude<UpstreamInput, string>;

const IDEMPOTENT_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'];

type UpstreamDefaults = NonNullable<NonNullable<ParsedConfig['defaults']>['upstream']>;

/**
 * One upstream; `dir` is the folder relative paths are resolved against; `defaults` fills the
 * options it does not set (`defaults.upstream`).
 */
export function resolveUpstream(
  name: string,
  input: UpstreamInput,
  dir: string,
  defaults?: UpstreamDefaults,
): ResolvedUpstream {
  // Shorthand: `users: 'http://127.0.0.1:4001'` is one target with every default.
  const written: UpstreamObject = typeof input === 'string' ? { targets: [input] } : input;
  const { value: upstream, fromDefaults } = withDefaults(written, defaults, DEFAULTABLE_UPSTREAM_KEYS);
  const protocol = upstream.protocol ?? 'http';
  const balancer =
    typeof upstream.balancer === 'object' ? upstream.balancer : { type: upstream.balancer ?? 'round-robin' };
  const { active, passive } = upstream.health ?? {};
  const retries = upstream.retries;
  const response = toMilliseconds(upstream.timeouts?.response ?? '30s');
  return {
    name,
    protocol,
    targets: upstream.targets.map(resolveTarget),
    balancer: {
      type: balancer.type,
      key:
        balancer.type === 'consistent-hash'
          ? (('key' in balancer ? balancer.key : undefined) ?? 'ip')
          : undefined,
      stickyCookie: 'stickyCookie' in balancer ? balancer.stickyCookie : undefined,
    },
    health: {
      active: active && {
        path: active.path ?? '/healthz',
        interval: toMilliseconds(active.interval ?? '5s'),
        timeout: toMilliseconds(active.timeout ?? '2s'),
        healthyThreshold: active.healthyThreshold ?? 2,
        unhealthyThreshold: active.unhealthyThreshold ?? 3,
        expectedStatus: active.expectedStatus ?? [],
      },
      passive: passive && {
        consecutiveFailures: passive.consecutiveFailures ?? 5,
        baseEjection: toMilliseconds(passive.baseEjection ?? '30s'),
        maxEjection: toMilliseconds(passive.maxEjection ?? '5m'),
      },
    },
    timeouts: { connect: toMilliseconds(upstream.timeouts?.connect ?? '5s'), response },
    retries: {
      attempts: retries?.attempts ?? 0,
      methods: (retries?.methods ?? IDEMPOTENT_METHODS).map((method) => method.toUpperCase()),
      statuses: retries?.statuses ?? [502, 503, 504],
      backoff: toMilliseconds(retries?.backoff ?? '25ms'),
      perTryTimeout: retries?.perTryTimeout === undefined ? undefined : toMilliseconds(retries.perTryTimeout),
      bufferBodyUpTo: retries?.bufferBodyUpTo ?? 0,
    },
    limits: {
      maxConcurrent: upstream.limits?.maxConcurrent ?? Number.POSITIVE_INFINITY,
      maxPending: upstream.limits?.maxPending ?? 0,
    },
    changeOrigin: upstream.changeOrigin ?? true,
    tlsInsecure: upstream.tls?.insecure ?? false,
    grpc: upstream.grpc && {
      protos: upstream.grpc.protos.map((file) => resolve(dir, file)),
      includeDirs: (upstream.grpc.includeDirs ?? []).map((folder) => resolve(dir, folder)),
      forwardHeaders: (upstream.grpc.forwardHeaders ?? []).map((header) => header.toLowerCase()),
      returnMetadata: (upstream.grpc.returnMetadata ?? []).map((key) => key.toLowerCase()),
    },
    soap: upstream.soap && {
      wsdl: isHttpUrl(upstream.soap.wsdl) ? upstream.soap.wsdl : resolve(dir, upstream.soap.wsdl),
      version: upstream.soap.version ?? '1.1',
    },
    ...(fromDefaults.length > 0 && { fromDefaults }),
  };
}

function resolveTarget(target: UpstreamObject['targets'][number]): ResolvedTarget {
  const url = typeof target === 'string' ? target : target.url;
  const address = targetAddress(url);
  // checkReferences has rejected unparsable URLs before resolution runs.
  if (address === undefined) throw new Error(`target URL was not checked: ${url}`);
  return { id: address.id, url, weight: typeof target === 'string' ? 1 : (target.weight ?? 1) };
}
