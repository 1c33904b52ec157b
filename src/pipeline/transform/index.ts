/** The transform stage: REST → gRPC and REST → SOAP plans, compiled once per route table. */
export type { CompiledTransform, PlanResult, TransformInput } from './api.js';
export type { GrpcRpc, GrpcTransform, ProtocolTransform, SoapTransform } from './compiled.js';
export { type CompiledTransforms, compileTransforms } from './compile.js';
export { MAX_JSON_DEPTH } from './body.js';
