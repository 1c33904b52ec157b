/**
 * A gRPC-Web request on a route with `grpcWeb: true`: the path names the RPC
 * (`/shop.v1.ProductService/GetProduct`, after rewriting), the body is one framed message. The plan
 * carries it as proto3 JSON like any other, so `explain` shows it and the call encodes it the same way;
 * `web` tells the call to answer in gRPC-Web framing instead of JSON.
 */
import { fromBinary, type Registry, toJson } from '@bufbuild/protobuf';
import { problem } from '../../problem.js';
import type { TransformPlan } from '../../types.js';
import type { PlanResult, TransformInput } from '../api.js';
import type { ProtoMethod } from './load.js';
import { decodeGrpcWebBody, type GrpcWebEncoding, readGrpcWebFrames } from './web-frames.js';

export interface GrpcWebSpec {
  readonly registry: Registry;
  readonly methods: ReadonlyMap<string, ProtoMethod>;
  /** The route's declared RPC: then the path must name it. */
  readonly method: ProtoMethod | undefined;
  readonly bodyLimit: number;
}

/** Plans a gRPC-Web call; `metadata` is what `forwardHeaders` picked. */
export async function planGrpcWeb(
  input: TransformInput,
  spec: GrpcWebSpec,
  encoding: GrpcWebEncoding,
  path: string,
  metadata: Record<string, string>,
): Promise<PlanResult> {
  const name = path.replace(/^\//, '');
  const method = spec.methods.get(name);
  if (!method || (spec.method && spec.method !== method))
    return refuse(
      'no-route',
      404,
      `gRPC-Web: ${path} names no method this route calls (/package.Service/Method)`,
    );
  if (method.clientStreaming)
    return refuse(
      'invalid-request',
      501,
      `gRPC-Web: ${name} takes a client stream, which gRPC-Web cannot send`,
    );
  let bytes: Uint8Array;
  try {
    bytes = input.request.readBody ? await input.request.readBody() : new Uint8Array();
  } catch {
    return refuse('payload-too-large', 413, `gRPC-Web: the body is larger than ${spec.bodyLimit} bytes`);
  }
  if (bytes.byteLength > spec.bodyLimit)
    return refuse('payload-too-large', 413, `gRPC-Web: the body is larger than ${spec.bodyLimit} bytes`);
  const decoded = decodeGrpcWebBody(bytes, encoding);
  if (typeof decoded === 'string') return refuse('invalid-body', 400, `gRPC-Web: ${decoded}`);
  const frames = readGrpcWebFrames(decoded);
  if (typeof frames === 'string') return refuse('invalid-body', 400, `gRPC-Web: ${frames}`);
  if (frames.length !== 1)
    return refuse('invalid-body', 400, `gRPC-Web: ${name} takes one message, the body has ${frames.length}`);
  let message: unknown;
  try {
    message = toJson(method.input, fromBinary(method.input, frames[0]!), { registry: spec.registry });
  } catch (error) {
    return refuse(
      'invalid-body',
      400,
      `gRPC-Web: not a ${method.input.typeName}: ${(error as Error).message}`,
    );
  }
  const deadlineMs = grpcTimeoutMs(input.request.headers['grpc-timeout']);
  const plan: TransformPlan = {
    kind: 'grpc',
    method: name,
    source: `gRPC-Web (${encoding === 'text' ? 'application/grpc-web-text' : 'application/grpc-web+proto'})`,
    serverStreaming: method.serverStreaming,
    message,
    metadata,
    web: encoding,
    ...(deadlineMs !== undefined ? { deadlineMs } : {}),
  };
  return { ok: true, plan };
}

function refuse(kind: Parameters<typeof problem>[0], status: number, detail: string): PlanResult {
  return { ok: false, problem: problem(kind, status, detail) };
}

const TIMEOUT_UNITS: Record<string, number> = {
  H: 3_600_000,
  M: 60_000,
  S: 1000,
  m: 1,
  u: 0.001,
  n: 0.000001,
};

/** `grpc-timeout: 250m` → 250 (PROTOCOL-HTTP2: up to 8 digits and a unit); anything else is ignored. */
function grpcTimeoutMs(header: string | readonly string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : (header as string | undefined);
  const m = /^(\d{1,8})([HMSmun])$/.exec(value ?? '');
  return m ? Math.max(1, Math.ceil(Number(m[1]) * TIMEOUT_UNITS[m[2]!]!)) : undefined;
}
