/**
 * `callGrpc`: sends a plan to one target and turns the answer into an HTTP response. Unary
 * answers are proto3 JSON; server streams are NDJSON or SSE. gRPC statuses become HTTP statuses
 * with a problem body (status.ts). Metadata: the plan's (from `forwardHeaders`) plus the caller's
 * go out; `returnMetadata` keys come back as `grpc-metadata-<key>` headers.
 */
import type { ClientReadableStream, Metadata, ServiceError, StatusObject } from '@grpc/grpc-js';
import { problem } from '../../pipeline/problem.js';
import type { GrpcRpc, GrpcTransform } from '../../pipeline/transform/compiled.js';
import type { Problem, TransformPlan } from '../../pipeline/types.js';
import { type ProtocolResponse, type ProtocolTarget, RESERVED_METADATA } from '../api.js';
import { defaultChannelPool, type GrpcChannelPool } from './pool.js';
import { callProblem, grpcProblem } from './status.js';
import { ChunkQueue, errorChunk, messageChunk, streamFormat, streamHeaders } from './stream.js';

export interface GrpcCallOptions {
  /** The compiled transform the plan came from (it holds the message encoders). */
  readonly transform: GrpcTransform;
  /** Channels to reuse. @default the module's shared pool, {@link defaultChannelPool} */
  readonly channelPool?: GrpcChannelPool;
  /**
   * Milliseconds: the route's timeout (`route.timeout ?? upstream.timeouts.response`). Unary calls
   * get it as the gRPC deadline; streams must deliver their first message within it, then run
   * until they end.
   */
  readonly timeout: number;
  /** Extra metadata (added to the plan's). */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Aborting cancels the call (the client went away): 499. */
  readonly signal?: AbortSignal;
  /** The client's Accept header: `text/event-stream` selects SSE for streams. */
  readonly accept?: string;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };
const PROBLEM_HEADERS = { 'content-type': 'application/problem+json' };

/** Sends the call. Never rejects: every failure is a problem response. */
export async function callGrpc(
  plan: TransformPlan,
  target: ProtocolTarget,
  options: GrpcCallOptions,
): Promise<ProtocolResponse> {
  if (plan.kind !== 'grpc') throw new Error('callGrpc was given a SOAP plan');
  if (!options.transform)
    throw new Error(
      "callGrpc needs options.transform: the route's compiled transform (CompiledRoute.transform)",
    );
  const declared = options.transform.rpc(plan.method);
  if (!declared) throw new Error(`plan names ${plan.method}, which its transform does not have`);
  const { responseBody } = plan;
  const rpc: GrpcRpc =
    responseBody === undefined
      ? declared
      : { ...declared, decodeResponse: (bytes) => declared.decodeResponse(bytes, responseBody) };
  const context = { method: plan.method, upstream: options.transform.upstream, target: target.id };
  let request: Uint8Array;
  let requests: Uint8Array[] | undefined;
  try {
    if (plan.clientStreaming) requests = (plan.message as unknown[]).map((m) => rpc.encodeRequest(m));
    request = requests ? new Uint8Array() : rpc.encodeRequest(plan.message);
  } catch (error) {
    return problemResponse(problem('invalid-body', 400, `request: ${(error as Error).message}`, context));
  }
  let client: Awaited<ReturnType<GrpcChannelPool['client']>>;
  let grpc: typeof import('@grpc/grpc-js');
  try {
    grpc = await import('@grpc/grpc-js');
    client = await (options.channelPool ?? defaultChannelPool).client(target);
  } catch (error) {
    return problemResponse(
      problem(
        'bad-gateway',
        502,
        `cannot open a channel to ${target.id}: ${(error as Error).message}`,
        context,
      ),
    );
  }
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries({ ...plan.metadata, ...options.metadata })) {
    if (RESERVED_METADATA.test(key)) continue;
    if (key.endsWith('-bin')) metadata.set(key, Buffer.from(value, 'base64'));
    else metadata.set(key, value);
  }
  if (options.signal?.aborted) return problemResponse(grpcProblem(1, 'the client went away', context));
  if (plan.web) {
    const { callGrpcWeb } = await import('./web.js');
    const web = { ...options, encoding: plan.web, deadlineMs: plan.deadlineMs };
    return callGrpcWeb(client, rpc, request, metadata, web, context);
  }
  return rpc.serverStreaming
    ? callStream(client, rpc, request, metadata, options, context)
    : callUnary(client, rpc, requests ?? request, metadata, options, context);
}

export type Client = Awaited<ReturnType<GrpcChannelPool['client']>>;
export type Context = { method: string; upstream: string; target: string };

export const serialize = (bytes: Uint8Array): Buffer =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
export const deserialize = (buffer: Buffer): Uint8Array => new Uint8Array(buffer);

/** A unary call, or a client stream when `request` is the list of messages to send. */
function callUnary(
  client: Client,
  rpc: GrpcRpc,
  request: Uint8Array | readonly Uint8Array[],
  metadata: Metadata,
  options: GrpcCallOptions,
  context: Context,
): Promise<ProtocolResponse> {
  return new Promise((resolve) => {
    let initial: Metadata | undefined;
    let answer: { error: ServiceError | null; value: Uint8Array | undefined } | undefined;
    const callOptions = { deadline: Date.now() + options.timeout };
    const onAnswer = (error: ServiceError | null, value: Uint8Array | undefined) => {
      answer = { error, value };
    };
    const call =
      request instanceof Uint8Array
        ? client.makeUnaryRequest(rpc.path, serialize, deserialize, request, metadata, callOptions, onAnswer)
        : client.makeClientStreamRequest(rpc.path, serialize, deserialize, metadata, callOptions, onAnswer);
    if (!(request instanceof Uint8Array)) {
      const writer = call as ReturnType<Client['makeClientStreamRequest']>;
      for (const message of request) writer.write(message);
      writer.end();
    }
    const onAbort = () => call.cancel();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    call.on('metadata', (m: Metadata) => {
      initial = m;
    });
    // grpc-js emits 'status' (with the trailers) right after the callback, for success and failure.
    call.on('status', (status: StatusObject) => {
      options.signal?.removeEventListener('abort', onAbort);
      const headers = returnedHeaders(options.transform.returnMetadata, initial, status.metadata);
      // Trailers can say OK for a call that produced no valid message (a truncated frame): the
      // error grpc-js reports wins, and a call without a message is never a success.
      const failure =
        status.code !== 0 ? status : answer?.error ? answer.error : answer?.value ? undefined : status;
      if (failure) {
        resolve(
          problemResponse(
            callProblem(failure, status.metadata, context, options.transform.statusDetails),
            headers,
          ),
        );
        return;
      }
      try {
        const body = JSON.stringify(rpc.decodeResponse(answer!.value!));
        resolve({ status: 200, headers: { ...JSON_HEADERS, ...headers }, body });
      } catch (error) {
        resolve(
          problemResponse(
            problem(
              'bad-gateway',
              502,
              `${rpc.name} answered a message that does not decode: ${(error as Error).message}`,
              context,
            ),
            headers,
          ),
        );
      }
    });
  });
}

function callStream(
  client: Client,
  rpc: GrpcRpc,
  request: Uint8Array,
  metadata: Metadata,
  options: GrpcCallOptions,
  context: Context,
): Promise<ProtocolResponse> {
  const format = streamFormat(options.accept);
  const call: ClientReadableStream<Uint8Array> = client.makeServerStreamRequest(
    rpc.path,
    serialize,
    deserialize,
    request,
    metadata,
    {},
  );
  const queue = new ChunkQueue<string>(() => call.cancel());
  let initial: Metadata | undefined;
  let started = false;
  return new Promise((resolve) => {
    const onAbort = () => call.cancel();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // Only the first message is awaited under the deadline: a stream may then run as long as it likes.
    let waitedTooLong = false;
    const firstMessageTimer = setTimeout(() => {
      if (started) return;
      waitedTooLong = true;
      call.cancel();
    }, options.timeout);
    firstMessageTimer.unref();
    const start = () => {
      if (started) return;
      started = true;
      clearTimeout(firstMessageTimer);
      const headers = returnedHeaders(options.transform.returnMetadata, initial, undefined);
      resolve({ status: 200, headers: { ...streamHeaders(format), ...headers }, body: queue });
    };
    call.on('metadata', (m: Metadata) => {
      initial = m;
    });
    call.on('data', (bytes: Uint8Array) => {
      let chunk: string;
      try {
        chunk = messageChunk(format, rpc.decodeResponse(bytes));
      } catch (error) {
        call.cancel();
        chunk = errorChunk(
          format,
          problem('bad-gateway', 502, `undecodable message: ${(error as Error).message}`, context),
        );
      }
      start();
      queue.push(chunk);
    });
    call.on('error', () => {
      // Handled through 'status', which always follows; without this listener the error would throw.
    });
    call.on('status', (status: StatusObject) => {
      clearTimeout(firstMessageTimer);
      options.signal?.removeEventListener('abort', onAbort);
      // Our own first-message timer cancelled it: report the deadline, not a cancellation.
      const timedOut = waitedTooLong && status.code === 1;
      const code = timedOut ? 4 : status.code;
      const details = timedOut ? `no message within ${options.timeout} ms` : status.details;
      if (!started) {
        if (code === 0) {
          start(); // an empty stream is a 200 with no lines
        } else {
          resolve(
            problemResponse(
              callProblem({ code, details }, status.metadata, context, options.transform.statusDetails),
              returnedHeaders(options.transform.returnMetadata, initial, status.metadata),
            ),
          );
          return;
        }
      } else if (code !== 0)
        queue.push(
          errorChunk(
            format,
            callProblem({ code, details }, status.metadata, context, options.transform.statusDetails),
          ),
        );
      queue.end();
    });
  });
}

/** `returnMetadata` keys found in the initial metadata or the trailers, as `grpc-metadata-<key>`. */
export function returnedHeaders(
  keys: readonly string[],
  initial: Metadata | undefined,
  trailers: Metadata | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const key of keys) {
    const values = [...(initial?.get(key) ?? []), ...(trailers?.get(key) ?? [])];
    if (values.length === 0) continue;
    headers[`grpc-metadata-${key}`] = values
      .map((v) => (typeof v === 'string' ? v : v.toString('base64')))
      .join(', ');
  }
  return headers;
}

export function problemResponse(body: Problem, headers: Record<string, string> = {}): ProtocolResponse {
  return { status: body.status, headers: { ...PROBLEM_HEADERS, ...headers }, body: JSON.stringify(body) };
}
