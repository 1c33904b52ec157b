/**
 * Faults a client asks for with request headers (Envoy's `x-envoy-fault-*`, under our prefix).
 * Only read on routes whose `fault.headers` is `true`; a bad value is ignored and said so.
 */
import type { ResolvedFault } from '../../config/resolved.js';
import { toBytesPerSecond } from '../../config/resolve-policies.js';
import { toMilliseconds } from '../../config/units.js';
import type { Headers } from '../types.js';

export const FAULT_DELAY_HEADER = 'x-gateway-fault-delay';
export const FAULT_ABORT_HEADER = 'x-gateway-fault-abort';
export const FAULT_BANDWIDTH_HEADER = 'x-gateway-fault-bandwidth';

/** A header can ask for at most this long a delay, so one request cannot hold a connection for ever. */
export const MAX_HEADER_DELAY_MS = 60_000;

/** What the headers asked for; each fires on every request that carries it (no percent). */
export interface HeaderFaults {
  readonly delayMs?: number;
  readonly abort?: number;
  /** Bytes per second. */
  readonly bandwidth?: number;
  /** Values that were not understood, as `name: "value" ignored (why)`. */
  readonly ignored: readonly string[];
}

/** Reads the `x-gateway-fault-*` headers; `undefined` when none is present. */
export function readFaultHeaders(headers: Headers): HeaderFaults | undefined {
  const delay = one(headers[FAULT_DELAY_HEADER]);
  const abort = one(headers[FAULT_ABORT_HEADER]);
  const bandwidth = one(headers[FAULT_BANDWIDTH_HEADER]);
  if (delay === undefined && abort === undefined && bandwidth === undefined) return undefined;
  const ignored: string[] = [];
  const out: { delayMs?: number; abort?: number; bandwidth?: number } = {};
  if (delay !== undefined) {
    if (/^\d+(\.\d+)?\s*(ms|s|m)?$/.test(delay))
      out.delayMs = Math.min(MAX_HEADER_DELAY_MS, toMilliseconds(/\d$/.test(delay) ? Number(delay) : delay));
    else ignored.push(`${FAULT_DELAY_HEADER}: ${JSON.stringify(delay)} ignored (expected 250, 250ms or 2s)`);
  }
  if (abort !== undefined) {
    const status = Number(abort);
    if (/^\d{3}$/.test(abort) && status >= 200 && status <= 599) out.abort = status;
    else ignored.push(`${FAULT_ABORT_HEADER}: ${JSON.stringify(abort)} ignored (expected a status 200–599)`);
  }
  if (bandwidth !== undefined) {
    if (/^\d+(\.\d+)?\s*(bps|kbps|mbps|gbps)$/i.test(bandwidth)) out.bandwidth = toBytesPerSecond(bandwidth);
    else
      ignored.push(`${FAULT_BANDWIDTH_HEADER}: ${JSON.stringify(bandwidth)} ignored (expected e.g. 64kbps)`);
  }
  return { ...out, ignored };
}

function one(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined ? undefined : text.trim();
}

/** Allows header-triggered faults only where the route's own policy does. */
export function headersAllowed(policy: ResolvedFault | undefined): boolean {
  return policy?.headers === true;
}
