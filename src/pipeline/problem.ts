/** RFC 9457 problem documents: the one shape every gateway-made error answer takes. */
import type { Problem } from './types.js';

/** Problem kinds the gateway itself produces; `type` is `urn:gateway:<kind>`. */
export type ProblemKind =
  | 'invalid-request'
  | 'no-route'
  | 'unauthorized'
  | 'forbidden'
  | 'auth-unavailable'
  | 'auth-timeout'
  | 'method-not-allowed'
  | 'upgrade-not-allowed'
  | 'no-healthy-target'
  | 'circuit-open'
  | 'bad-gateway'
  | 'gateway-timeout'
  | 'payload-too-large'
  | 'request-timeout'
  | 'invalid-body'
  | 'upstream-error'
  | 'quota-exceeded'
  | 'fault-injected'
  | 'mock-unavailable';

const titles: Record<ProblemKind, string> = {
  'invalid-request': 'Invalid request',
  'no-route': 'No route matched',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  'auth-unavailable': 'Authentication service unavailable',
  'auth-timeout': 'Authentication service timed out',
  'method-not-allowed': 'Method not allowed',
  'upgrade-not-allowed': 'Upgrade not allowed',
  'no-healthy-target': 'No healthy target',
  'circuit-open': 'Upstream at its limit',
  'bad-gateway': 'Bad gateway',
  'gateway-timeout': 'Gateway timeout',
  'payload-too-large': 'Payload too large',
  'request-timeout': 'Request timeout',
  'invalid-body': 'Invalid request body',
  'upstream-error': 'Upstream error',
  'quota-exceeded': 'Too many requests',
  'fault-injected': 'Fault injected',
  'mock-unavailable': 'No mock answer',
};

/**
 * Builds a problem document.
 * @example problem('no-route', 404, 'no route matched GET /v2/users', { closest: 'users' })
 */
export function problem(
  kind: ProblemKind,
  status: number,
  detail: string,
  extras: Record<string, unknown> = {},
): Problem {
  return { type: `urn:gateway:${kind}`, title: titles[kind], status, detail, ...extras };
}

/** The content type problem documents are served with. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
