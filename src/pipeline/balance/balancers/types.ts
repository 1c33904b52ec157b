/**
 * The interface every balancer implements. A balancer only chooses among the candidates it is
 * given (healthy, not ejected, not already tried); filtering, sticky cookies and panic mode are
 * `selectTarget`'s job, so each algorithm stays a few lines.
 */
import type { ResolvedUpstream } from '../../../config/resolved.js';
import type { BalancerName } from '../../../config/schema/index.js';
import type { NormalizedRequest } from '../../types.js';
import type { TargetState } from '../target-state.js';

/** What a balancer may use besides the candidates: randomness and the upstream's settings. */
export interface BalancerContext {
  /** A number in [0, 1); pinned by `explain` and `test`. */
  readonly random: () => number;
  readonly upstream: ResolvedUpstream;
}

/** A balancer's choice and its one-line reason (`round-robin: 2nd of 3`). */
export interface BalancerPick {
  readonly target: TargetState;
  readonly reason: string;
}

/**
 * One algorithm. `memory` is the balancer's own state for one upstream (a cursor, current weights,
 * a hash ring); it lives in the pools and survives reloads while the balancer type is unchanged.
 */
export interface Balancer<Memory = unknown> {
  readonly name: BalancerName;
  /** Fresh state for one upstream. */
  createMemory(): Memory;
  /** Picks one of `targets` (never empty). */
  pick(
    targets: readonly TargetState[],
    request: NormalizedRequest,
    ctx: BalancerContext,
    memory: Memory,
  ): BalancerPick;
}
