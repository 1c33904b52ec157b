/**
 * gRPC status codes → HTTP statuses, the mapping google.api.http gateways use
 * (https://github.com/googleapis/googleapis/blob/master/google/rpc/code.proto), and the problem
 * document a failed call becomes.
 */
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
 * The problem for a failed call.
 * @example grpcProblem(5, 'product 999 not found', …) →
 *   { status: 404, grpcCode: 'NOT_FOUND', grpcStatus: 5, grpcMessage: 'product 999 not found', … }
 */
export function grpcProblem(
  code: number,
  message: string,
  context: { method: string; upstream: string; target: string },
): Problem {
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
