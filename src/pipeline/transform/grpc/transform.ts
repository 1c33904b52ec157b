/**
 * A route to a gRPC upstream, compiled: which RPC it calls (declared, or picked per request by the
 * protos' `google.api.http` bindings), and `plan`, which builds the request message without
 * sending it.
 */
import { type FileRegistry, fromBinary, fromJson, toBinary, toJson } from '@bufbuild/protobuf';
import { problem } from '../../problem.js';
import type { Problem, TransformPlan } from '../../types.js';
import type { PlanResult, TransformInput } from '../api.js';
import { invalid, readJsonBody } from '../body.js';
import type { GrpcRpc, GrpcTransform } from '../compiled.js';
import { editedHeaders, fieldParams, splitUpstreamPath } from '../request-parts.js';
import { buildMessage, type MessageSources } from './build-message.js';
import { findBinding, type HttpBinding } from './http-bindings.js';
import type { ProtoMethod } from './load.js';
import { pickResponseField } from './response-body.js';
import { decodeStatusDetails } from './status-details.js';
import { grpcWebEncoding } from './web-frames.js';

function headerOf(value: string | readonly string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : (value as string | undefined);
}

export interface GrpcRouteSpec {
  readonly upstream: string;
  readonly registry: FileRegistry;
  readonly methods: ReadonlyMap<string, ProtoMethod>;
  /** The declared RPC, or `undefined` to choose by annotations. */
  readonly method: ProtoMethod | undefined;
  readonly bindings: readonly HttpBinding[];
  readonly forwardHeaders: readonly string[];
  readonly returnMetadata: readonly string[];
  readonly bodyLimit: number;
  /** Show default-valued fields in answers (the upstream's `grpc.emitDefaults`). */
  readonly emitDefaults: boolean;
  /** For a declared method: where the body goes (`'*'` or a field path) and the answer's field. */
  readonly body: string;
  readonly responseBody: string | undefined;
  /** The route accepts gRPC-Web requests (`grpcWeb: true`). */
  readonly grpcWeb: boolean;
}

/** Builds the transform for one route. */
export function createGrpcTransform(spec: GrpcRouteSpec): GrpcTransform {
  const rpcs = new Map<string, GrpcRpc>();
  for (const method of spec.methods.values())
    rpcs.set(method.name, toRpc(method, spec.registry, spec.emitDefaults));

  async function plan(input: TransformInput): Promise<PlanResult> {
    const { path, query } = splitUpstreamPath(input.upstreamPath);
    const web = spec.grpcWeb ? grpcWebEncoding(headerOf(input.request.headers['content-type'])) : undefined;
    if (web) {
      const { planGrpcWeb } = await import('./web-request.js');
      return planGrpcWeb(input, spec, web, path, metadataOf(input));
    }
    let method: ProtoMethod;
    let source: string;
    let bodyField: string;
    let pathValues: (readonly [string, string])[];
    let mapsQuery = true;
    let responseBody: string | undefined;
    if (spec.method) {
      method = spec.method;
      source = 'route';
      bodyField = spec.body;
      responseBody = spec.responseBody;
      pathValues = fieldParams(input.params);
    } else {
      const found = findBinding(spec.bindings, input.request.method, path);
      if (!found.ok) return { ok: false, problem: noBinding(found.status, found.detail, found.allow) };
      method = spec.methods.get(found.binding.rpc)!;
      source = `annotation (${found.binding.label})`;
      bodyField = found.binding.body;
      responseBody = found.binding.responseBody;
      pathValues = Object.entries(found.variables);
      mapsQuery = bodyField !== '*';
    }

    if (method.clientStreaming) {
      const { readStreamBody } = await import('./ndjson-body.js');
      const read = await readStreamBody(input.request, spec.bodyLimit);
      if (!read.ok) return read;
      const messages: unknown[] = [];
      for (const { at, value, inexactIntegers } of read.messages) {
        const built = buildMessage(
          method.input,
          {
            pathValues,
            query: mapsQuery ? query : undefined,
            body: { value, field: bodyField || '*', inexactIntegers },
            lenientPath: spec.method !== undefined,
          },
          spec.registry,
        );
        if (!built.ok) return invalid(`body ${at}: ${built.detail}`);
        messages.push(built.value);
      }
      const streamed: TransformPlan = {
        kind: 'grpc',
        method: method.name,
        source,
        serverStreaming: false,
        message: messages,
        clientStreaming: true,
        ...(responseBody !== undefined ? { responseBody } : {}),
        metadata: metadataOf(input),
      };
      return { ok: true, plan: streamed };
    }

    let body: MessageSources['body'];
    if (bodyField !== '') {
      const read = await readJsonBody(input.request, spec.bodyLimit);
      if (!read.ok) return read;
      body = { value: read.value, field: bodyField, inexactIntegers: read.inexactIntegers };
    }
    const built = buildMessage(
      method.input,
      { pathValues, query: mapsQuery ? query : undefined, body, lenientPath: spec.method !== undefined },
      spec.registry,
    );
    if (!built.ok) return invalid(built.detail);

    const metadata = metadataOf(input);
    const result: TransformPlan = {
      kind: 'grpc',
      method: method.name,
      source,
      serverStreaming: method.serverStreaming,
      message: built.value,
      ...(responseBody !== undefined ? { responseBody } : {}),
      metadata,
    };
    return { ok: true, plan: result };
  }

  /** The `forwardHeaders` of the request (after rewrite and auth edits), as gRPC metadata. */
  function metadataOf(input: TransformInput): Record<string, string> {
    const headers = editedHeaders(input.request.headers, input.headers);
    const metadata: Record<string, string> = {};
    for (const name of spec.forwardHeaders) if (headers[name] !== undefined) metadata[name] = headers[name];
    return metadata;
  }

  return Object.freeze({
    kind: 'grpc' as const,
    upstream: spec.upstream,
    returnMetadata: spec.returnMetadata,
    plan,
    rpc: (name: string) => rpcs.get(name),
    statusDetails: (bytes: Uint8Array) => decodeStatusDetails(bytes, spec.registry),
  });
}

function toRpc(method: ProtoMethod, registry: FileRegistry, emitDefaults: boolean): GrpcRpc {
  return Object.freeze({
    name: method.name,
    path: `/${method.name}`,
    serverStreaming: method.serverStreaming,
    encodeRequest: (json: unknown) =>
      toBinary(method.input, fromJson(method.input, json as never, { registry })),
    decodeResponse: (bytes: Uint8Array, responseBody?: string) => {
      const json = toJson(method.output, fromBinary(method.output, bytes), {
        registry,
        alwaysEmitImplicit: emitDefaults,
      });
      return responseBody === undefined
        ? json
        : pickResponseField(method.output, json, responseBody, registry);
    },
  });
}

function noBinding(status: 404 | 405, detail: string, allow: readonly string[] | undefined): Problem {
  if (status === 405) return problem('invalid-request', 405, detail, { allow });
  return problem('no-route', 404, detail);
}
