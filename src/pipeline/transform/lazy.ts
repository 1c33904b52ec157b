/**
 * Transforms whose heavy half is built on the first `plan`: `gateway explain` compiles the whole
 * table but plans one request, so only the route it matches should pay for @bufbuild/protobuf's
 * descriptors or the soap package's WSDL model. The route checks (unknown method or operation)
 * have already run on the description; what is left cannot fail unless the files changed since.
 */
import { problem } from '../problem.js';
import type { PlanResult, TransformInput } from './api.js';
import type { GrpcTransform, SoapTransform } from './compiled.js';

/** `fn`, called at most once; every caller gets the same promise. */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => {
    promise ??= fn();
    return promise;
  };
}

/** Builds a transform on first use; a string is why it could not be built. */
type Builder<T> = () => Promise<T | string>;

function planner<T extends { plan(input: TransformInput): Promise<PlanResult> }>(
  build: Builder<T>,
  onBuilt: (transform: T) => void,
): (input: TransformInput) => Promise<PlanResult> {
  const get = once(build);
  return async (input) => {
    const built = await get();
    if (typeof built === 'string') return { ok: false, problem: problem('bad-gateway', 502, built) };
    onBuilt(built);
    return built.plan(input);
  };
}

/** A gRPC transform built on first `plan`; `rpc` answers once a plan has been made. */
export function lazyGrpcTransform(
  spec: { readonly upstream: string; readonly returnMetadata: readonly string[] },
  build: Builder<GrpcTransform>,
): GrpcTransform {
  let real: GrpcTransform | undefined;
  return Object.freeze({
    kind: 'grpc' as const,
    upstream: spec.upstream,
    returnMetadata: spec.returnMetadata,
    plan: planner(build, (built) => {
      real = built;
    }),
    rpc: (name: string) => real?.rpc(name),
    statusDetails: (bytes: Uint8Array) => real?.statusDetails(bytes),
  });
}

/** A SOAP transform built on first `plan`; `wsdl` and `clients` are the built one's once it exists. */
export function lazySoapTransform(
  spec: Pick<SoapTransform, 'upstream' | 'operation' | 'version' | 'service' | 'port' | 'addressPath'>,
  build: Builder<SoapTransform>,
): SoapTransform {
  let real: SoapTransform | undefined;
  const clients = new Map<string, unknown>();
  return Object.freeze({
    kind: 'soap' as const,
    upstream: spec.upstream,
    operation: spec.operation,
    version: spec.version,
    service: spec.service,
    port: spec.port,
    addressPath: spec.addressPath,
    get wsdl() {
      return real?.wsdl;
    },
    get clients() {
      return real?.clients ?? clients;
    },
    plan: planner(build, (built) => {
      real = built;
    }),
  });
}
