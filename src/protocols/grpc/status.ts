/**
 * gRPC status codes → HTTP statuses, the mapping google.api.http gateways use
 * (https://github.com/googleapis/googleapis/blob/master/google/rpc/code.proto), and the problem
 * document a failed call becomes. A call the client library had to fail itself — no connection, a
 * broken frame, an HTTP error instead of gRPC, a reset stream, no message — is the upstream's fault
 * whatever code grpc-js gives it, so it is a 502 (an UNAVAILABLE the server sends stays a 503).
 */
import type { Metadata } from '@grpc/grpc-js';
import { problem } from '../../pipeline/problem.js';
import type { Problem } from '../../pipeline/types.js';

/** Code number → [name, HTTP status]. */
export const GRPC_STATUS: Readonly<Record<number, readonly [string, number]>> = {
  0: ['OK', 200],
  1: ['CANCELLED', 499],
  2: ['UNKNOWN', 500],
  3: ['INVALID_ARGUMENT', 400],
  4: ['DEADLINE_EXCEEDED', 504],
  5: ['NOT_FOUND', 404],
  6: ['ALREADY_EXISTS', 409],
  7: ['PERMISSION_DENIED', 403],
  8: ['RESOURCE_EXHAUSTED', 429],
  9: ['FAILED_PRECONDITION', 400],
  10: ['ABORTED', 409],
  11: ['OUT_OF_RANGE', 400],
  12: ['UNIMPLEMENTED', 501],
  13: ['INTERNAL', 500],
  14: ['UNAVAILABLE', 503],
  15: ['DATA_LOSS', 500],
  16: ['UNAUTHENTICATED', 401],
};

/**
 * The details grpc-js writes when it fails a call itself (transport, framing, decoding), as
 * opposed to a status the server sent. Taken from grpc-js's client and subchannel-call code.
 */
const CLIENT_SIDE_FAILURES: readonly (readonly [RegExp, string])[] = [
  // No connection at all (refused, unreachable, TLS): a 502 like an HTTP upstream's connect error.
  [/^No connection established/, 'cannot reach the upstream'],
  [/^Connection dropped$/, 'cannot reach the upstream'],
  [/^No message received$/, "the upstream's answer is broken"],
  [/^Too many responses received$/, "the upstream's answer is broken"],
  [/^Response message parsing error/, "the upstream's answer is broken"],
  [/^Received RST_STREAM with code/, "the upstream's answer is broken"],
  [/^Received HTTP status code/, "the upstream's answer is broken"],
  [/^No status information received$/, "the upstream's answer is broken"],
  [/^Protocol error/, "the upstream's answer is broken"],
];

type Context = { method: string; upstream: string; target: string };

/**
 * The problem for a failed call: 502 when the call produced no valid message (whatever the
 * trailers say) or grpc-js failed it on its own, else the code's HTTP status, with the
 * `google.rpc.Status` details of `grpc-status-details-bin` (decoded by `decodeDetails`) as JSON.
 */
export function callProblem(
  failure: { readonly code: number; readonly details: string },
  trailers: Metadata | undefined,
  context: Context,
  decodeDetails?: (bytes: Uint8Array) => unknown,
): Problem {
  const [name] = GRPC_STATUS[failure.code] ?? ['UNKNOWN'];
  const local = CLIENT_SIDE_FAILURES.find(([pattern]) => pattern.test(failure.details));
  if (failure.code === 0 || local) {
    const why = local
      ? `${local[1]}: ${failure.details}`
      : "the upstream's answer is broken: it ended with OK but no valid message";
    return problem('bad-gateway', 502, `${context.method}: ${why}`, {
      grpcCode: name,
      grpcStatus: failure.code,
      ...context,
    });
  }
  const found = grpcProblem(failure.code, failure.details, context);
  const raw = trailers?.get('grpc-status-details-bin')[0];
  if (raw === undefined || !decodeDetails) return found;
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'base64') : raw;
  const status = decodeDetails(new Uint8Array(bytes));
  return status === undefined ? found : { ...found, grpcDetails: status };
}

/**
 * The problem for a status the server sent.
 * @example grpcProblem(5, 'product 999 not found', …) →
 *   { status: 404, grpcCode: 'NOT_FOUND', grpcStatus: 5, grpcMessage: 'product 999 not found', … }
 */
export function grpcProblem(code: number, message: string, context: Context): Problem {
  const [name, status] = GRPC_STATUS[code] ?? ['UNKNOWN', 500];
  const detail = `${context.method} failed with ${name}${message ? `: ${message}` : ''}`;
  return problem('upstream-error', status, detail, {
    grpcCode: name,
    grpcStatus: code,
    grpcMessage: message,
    method: context.method,
    upstream: context.upstream,
    target: context.target,
  });
}
