/** Balance stage: live target state per upstream, the pick of one target with its reason, retries and circuit breaking. */
export type { RequestResult, SelectContext, Selection } from './api.js';
export { balancers } from './balancers/registry.js';
export type { Balancer, BalancerContext, BalancerPick } from './balancers/types.js';
export type { Admission } from './breaker.js';
export type { PoolEvent, PoolEventListener } from './events.js';
export { createPools, type Pools, type PoolsOptions, type UpstreamPool } from './pools.js';
export { canBufferBody, perTryTimeout, type RetryDecision, retryPolicy } from './retry.js';
export { selectTarget } from './select.js';
export type { PoolsSnapshot, TargetSnapshot, UpstreamSnapshot } from './snapshot.js';
export type { TargetState } from './target-state.js';
