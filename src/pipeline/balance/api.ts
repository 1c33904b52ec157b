/**
 * The balance stage's contract. `Pools` (pools.ts) holds the live state of every upstream's
 * targets (in-flight counts, health, ejections, balancer memory, circuit breakers); `selectTarget`
 * (select.ts) picks one target for a request and says why. The proxy reports each try's start and
 * finish back to the pools.
 */
import type { TargetPick } from '../types.js';

export interface SelectContext {
  readonly now: () => number;
  readonly random: () => number;
  /** Target ids not to pick (a retry goes to a different target). */
  readonly exclude?: readonly string[];
}

export type Selection =
  | { readonly ok: true; readonly pick: TargetPick }
  /**
   * No target can take the request. Only an upstream without targets gets here: when every
   * target is unhealthy the stage goes into panic mode and picks one anyway (see select.ts), and
   * the circuit breaker (`pools.admit`) is the proxy's call.
   */
  | { readonly ok: false; readonly status: 503; readonly reason: string };

/**
 * How a finished try went, for passive health and least-connections. `http-5xx`, `connect-error`
 * and `timeout` count towards ejection; `success` (any answer below 500) resets the count;
 * `aborted` (the client went away) counts neither way.
 */
export type RequestResult = 'success' | 'http-5xx' | 'connect-error' | 'timeout' | 'aborted';
