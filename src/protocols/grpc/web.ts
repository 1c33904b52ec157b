/**
 * Answering a gRPC-Web call (route `grpcWeb: true`): the upstream is called over HTTP/2 as usual,
 * its messages go back as they came, framed for gRPC-Web, and the status follows as the trailers
 * frame in the body (browsers cannot read HTTP trailers). A status the upstream sends before any
 * message is still a 200 with only the trailers frame, which is how gRPC-Web clients expect errors;
 * no connection, or an answer that claims success without a valid message, is a 502, as for REST.
 */
import type { ClientReadableStream, Metadata, ServiceError, StatusObject } from '@grpc/grpc-js';
import type { GrpcRpc } from '../../pipeline/transform/compiled.js';
import {
  dataFrame,
  encodeFrame,
  type GrpcWebEncoding,
  grpcWebContentType,
  trailersFrame,
} from '../../pipeline/transform/grpc/web-frames.js';
import type { ProtocolResponse } from '../api.js';
import {
  type Client,
  type Context,
  deserialize,
  type GrpcCallOptions,
  problemResponse,
  returnedHeaders,
  serialize,
} from './call.js';
import { callProblem } from './status.js';
import { ChunkQueue } from './stream.js';

/** Sends the call and answers in gRPC-Web framing. Never rejects. */
export function callGrpcWeb(
  client: Client,
  rpc: GrpcRpc,
  request: Uint8Array,
  metadata: Metadata,
  options: GrpcCallOptions & { readonly encoding: GrpcWebEncoding; readonly deadlineMs?: number },
  context: Context,
): Promise<ProtocolResponse> {
  const { encoding } = options;
  // The client's grpc-timeout can only shorten the route's timeout.
  const timeout = Math.min(options.timeout, options.deadlineMs ?? Number.POSITIVE_INFINITY);
  const call = rpc.serverStreaming
    ? (client.makeServerStreamRequest(
        rpc.path,
        serialize,
        deserialize,
        request,
        metadata,
        options.deadlineMs === undefined ? {} : { deadline: Date.now() + timeout },
      ) as ClientReadableStream<Uint8Array>)
    : undefined;
  const queue = new ChunkQueue<string | Uint8Array>(() => unary?.cancel() ?? call?.cancel());
  let unaryAnswer: { error: ServiceError | null; value: Uint8Array | undefined } | undefined;
  const unary = call
    ? undefined
    : client.makeUnaryRequest(
        rpc.path,
        serialize,
        deserialize,
        request,
        metadata,
        { deadline: Date.now() + timeout },
        (error, value) => {
          unaryAnswer = { error, value };
        },
      );
  const stream = (call ?? unary)!;
  let initial: Metadata | undefined;
  const push = (bytes: Uint8Array) => queue.push(encodeFrame(bytes, encoding));
  return new Promise((resolve) => {
    let answered = false;
    const answer = (response: ProtocolResponse) => {
      if (answered) return;
      answered = true;
      resolve(response);
    };
    const framed = (trailers?: Metadata): ProtocolResponse => ({
      status: 200,
      headers: {
        'content-type': grpcWebContentType(encoding),
        ...returnedHeaders(options.transform.returnMetadata, initial, trailers),
      },
      body: queue,
    });
    const onAbort = () => stream.cancel();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('metadata', (m: Metadata) => {
      initial = m;
    });
    call?.on('data', (bytes: Uint8Array) => {
      push(dataFrame(bytes));
      answer(framed()); // a stream's frames flow as they come
    });
    call?.on('error', () => {
      // reported through 'status'
    });
    stream.on('status', (status: StatusObject) => {
      options.signal?.removeEventListener('abort', onAbort);
      const extra = detailsTrailer(status.metadata);
      if (unary) {
        const failure =
          status.code !== 0
            ? status
            : unaryAnswer?.error
              ? unaryAnswer.error
              : unaryAnswer?.value
                ? undefined
                : status;
        if (failure) {
          const failed = callProblem(failure, status.metadata, context);
          // Broken framing or no message under an OK: the upstream's fault, as for REST.
          if (failed.status === 502) return answer(problemResponse(failed));
          push(trailersFrame(failure.code, failure.details, extra));
        } else {
          push(dataFrame(unaryAnswer!.value!));
          push(trailersFrame(0, ''));
        }
      } else if (status.code === 0) push(trailersFrame(0, ''));
      else {
        // Before the first message the status can still be the HTTP one: no connection is a 502.
        const failed = callProblem(status, status.metadata, context);
        if (!answered && failed.status === 502) return answer(problemResponse(failed));
        push(trailersFrame(status.code, status.details, extra));
      }
      queue.end();
      answer(framed(status.metadata));
    });
  });
}

/** `grpc-status-details-bin` passed on in the trailers frame (base64, as on the wire). */
function detailsTrailer(trailers: Metadata | undefined): Record<string, string> {
  const raw = trailers?.get('grpc-status-details-bin')[0];
  if (raw === undefined) return {};
  const base64 = typeof raw === 'string' ? raw : raw.toString('base64');
  return { 'grpc-status-details-bin': base64.replace(/=+$/, '') };
}
