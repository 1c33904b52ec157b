/**
 * The transform stage's contract. For routes whose upstream speaks gRPC or SOAP, a
 * `CompiledTransform` is built once per table (protos parsed, WSDL read); `plan` builds
 * the exact call for one request — the method or operation and the message — without
 * sending it. `explain` shows the plan; the proxy executes it (src/protocols).
 */
import type { HeaderEdits, NormalizedRequest, Problem, TransformPlan } from '../types.js';

export interface TransformInput {
  readonly request: NormalizedRequest;
  /** Path and query after rewriting: annotation bindings match against it. */
  readonly upstreamPath: string;
  readonly params: Readonly<Record<string, string>>;
  /**
   * Header edits from rewrite and auth. Applied to the client's headers before `forwardHeaders`
   * picks gRPC metadata, so identity headers reach the upstream and stripped credentials do not.
   */
  readonly headers?: HeaderEdits;
}

export type PlanResult =
  | { readonly ok: true; readonly plan: TransformPlan }
  | { readonly ok: false; readonly problem: Problem };

export interface CompiledTransform {
  readonly kind: 'grpc' | 'soap';
  /** Builds the call; reads the body through `request.readBody` when the call takes one. */
  plan(input: TransformInput): Promise<PlanResult>;
}
