/**
 * The balance stage's contract. `Pools` holds the live state of every upstream's targets
 * (in-flight counts, health, ejections, balancer memory); `selectTarget` picks one target
 * for a request and says why. The proxy reports starts and finishes back to the pools.
 */
import type { ResolvedUpstream } from '../../config/resolved.js';
import type { NormalizedRequest, TargetPick } from '../types.js';

export interface SelectContext {
  readonly now: () => number;
  readonly random: () => number;
  /** Target ids not to pick (a retry goes to a different target). */
  readonly exclude?: readonly string[];
}

export type Selection =
  | { readonly ok: true; readonly pick: TargetPick }
  /** No target can take the request: every one unhealthy/ejected, or the circuit is open. */
  | { readonly ok: false; readonly status: 503; readonly reason: string };

/** How a finished request went, for passive health and least-connections. */
export type RequestResult = 'success' | 'http-5xx' | 'connect-error' | 'timeout' | 'aborted';
