/** A route's `fault` and `rateLimit`: its own, else the one in `defaults`, resolved to numbers. */
import type { ResolvedFault, ResolvedRateLimit } from './resolved.js';
import type { Bandwidth, FaultConfig, RateLimitConfig } from './schema/index.js';
import { toMilliseconds } from './units.js';

/** `route` wins over `fallback`; `false` on the route turns the default off. */
export function resolveFault(
  route: FaultConfig | false | undefined,
  fallback: FaultConfig | undefined,
): ResolvedFault | undefined {
  const fault = route === undefined ? fallback : route;
  if (fault === undefined || fault === false) return undefined;
  const delay = fault.delay;
  const [min, max] =
    delay?.range !== undefined
      ? delay.range.map(toMilliseconds)
      : [toMilliseconds(delay?.fixed ?? 0), toMilliseconds(delay?.fixed ?? 0)];
  return {
    delay: delay === undefined ? undefined : { min: min!, max: max!, percent: delay.percent ?? 100 },
    abort:
      fault.abort === undefined
        ? undefined
        : {
            status: fault.abort.status,
            percent: fault.abort.percent ?? 100,
            grpcStatus: fault.abort.grpcStatus,
          },
    bandwidth: fault.bandwidth === undefined ? undefined : toBytesPerSecond(fault.bandwidth),
    headers: fault.headers ?? false,
  };
}

/** `route` wins over `fallback`; `false` on the route turns the default off. */
export function resolveRateLimit(
  route: RateLimitConfig | false | undefined,
  fallback: RateLimitConfig | undefined,
): ResolvedRateLimit | undefined {
  const limit = route === undefined ? fallback : route;
  if (limit === undefined || limit === false) return undefined;
  const key = limit.key;
  return {
    requests: limit.requests,
    per: toMilliseconds(limit.per),
    burst: limit.burst ?? limit.requests,
    key:
      key === undefined || 'ip' in key
        ? { kind: 'ip' }
        : 'header' in key
          ? { kind: 'header', name: key.header.toLowerCase() }
          : 'identity' in key
            ? { kind: 'identity' }
            : { kind: 'apiKey' },
  };
}

const bitUnits: Readonly<Record<string, number>> = { bps: 1, kbps: 1e3, mbps: 1e6, gbps: 1e9 };

/** `'64kbps'` → 8000 bytes per second (network speeds count bits, k = 1000). */
export function toBytesPerSecond(bandwidth: Bandwidth): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(bandwidth.trim());
  const factor = match ? bitUnits[match[2]!.toLowerCase()] : undefined;
  if (!match || factor === undefined) throw new Error(`unparsable bandwidth ${JSON.stringify(bandwidth)}`);
  return Math.max(1, Math.round((Number(match[1]) * factor) / 8));
}
