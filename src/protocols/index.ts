/** Protocol executors: send a gRPC or SOAP plan to a target and answer HTTP. Libraries load on first call. */
import type { CompiledTransform } from '../pipeline/transform/api.js';
import type { GrpcTransform, SoapTransform } from '../pipeline/transform/compiled.js';
import type { TransformPlan } from '../pipeline/types.js';
import type { ProtocolResponse, ProtocolTarget } from './api.js';
import { callGrpc } from './grpc/call.js';
import type { GrpcChannelPool } from './grpc/pool.js';
import { callSoap } from './soap/call.js';

export type { ProtocolResponse, ProtocolTarget } from './api.js';
export { callGrpc, type GrpcCallOptions } from './grpc/call.js';
export { defaultChannelPool, GrpcChannelPool, type GrpcChannelPoolOptions } from './grpc/pool.js';
export { GRPC_STATUS } from './grpc/status.js';
export { callSoap, type SoapCallOptions } from './soap/call.js';

/** Options for {@link executePlan}. */
export interface ExecuteOptions {
  /** @default defaultChannelPool */
  readonly channelPool?: GrpcChannelPool;
  /** Milliseconds: `route.timeout ?? upstream.timeouts.response`. */
  readonly timeout: number;
  readonly signal?: AbortSignal;
  /** The client's Accept header (SSE for gRPC streams). */
  readonly accept?: string;
  /** Extra gRPC metadata. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/**
 * Runs a Decision's plan with the route's compiled transform: the one call the proxy needs.
 * @example
 * const route = table.routes.find((r) => r.name === decision.route.name);
 * const response = await executePlan(route.transform, decision.transform, decision.target, { timeout: 5000 });
 */
export function executePlan(
  transform: CompiledTransform,
  plan: TransformPlan,
  target: ProtocolTarget,
  options: ExecuteOptions,
): Promise<ProtocolResponse> {
  if (transform.kind === 'grpc') {
    return callGrpc(plan, target, {
      // compileTransforms makes only GrpcTransform/SoapTransform objects.
      transform: transform as GrpcTransform,
      channelPool: options.channelPool,
      timeout: options.timeout,
      metadata: options.metadata,
      signal: options.signal,
      accept: options.accept,
    });
  }
  return callSoap(plan, target, {
    transform: transform as SoapTransform,
    timeout: options.timeout,
    signal: options.signal,
  });
}
