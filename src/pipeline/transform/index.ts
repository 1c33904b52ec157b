/** The transform stage: REST → gRPC and REST → SOAP plans, compiled once per route table. */
export type { CompiledTransform, PlanResult, TransformInput } from './api.js';
export type { GrpcTransform, GrpcRpc, ProtocolTransform, SoapTransform } from './compiled.js';
export { type CompiledTransforms, type CompileTransformsOptions, compileTransforms } from './compile.js';
export type { CompileMode } from './grpc/compile.js';
export { MAX_JSON_DEPTH } from './body.js';
