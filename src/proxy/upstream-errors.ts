/**
 * What went wrong talking to a target, in the terms the client, the log and the pools use:
 * a status (502 or 504), a problem kind, a precise detail, and the `RequestResult` for passive
 * health. `connected` says whether the target may have seen the request — only a request that
 * never reached it is safe to send again whatever its method.
 */
import type { ResolvedUpstream } from '../config/resolved.js';
import type { RequestResult } from '../pipeline/balance/index.js';
import type { ProblemKind } from '../pipeline/problem.js';

/** The error a try's response timer destroys the upstream request with (shared: no stack needed). */
export const RESPONSE_TIMEOUT: NodeJS.ErrnoException = Object.assign(new Error('response timeout'), {
  code: 'GATEWAY_RESPONSE_TIMEOUT',
});

export interface UpstreamFailure {
  readonly status: 502 | 504;
  readonly kind: ProblemKind;
  readonly result: RequestResult;
  readonly connected: boolean;
  readonly detail: string;
}

/** Codes that mean no connection was made, so the request never left the gateway. */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNECT_TIMEOUT',
]);

/** Classifies an error from the upstream request of a try to `targetId`. */
export function classifyUpstreamError(
  error: NodeJS.ErrnoException,
  upstream: ResolvedUpstream,
  targetId: string,
  timeout: number,
): UpstreamFailure {
  const where = `upstream "${upstream.name}" (${targetId})`;
  const code = error.code ?? '';
  if (error === RESPONSE_TIMEOUT) {
    return {
      status: 504,
      kind: 'gateway-timeout',
      result: 'timeout',
      connected: true,
      detail: `${where} did not answer within ${formatMs(timeout)} (route timeout / timeouts.response)`,
    };
  }
  if (code === 'ECONNECT_TIMEOUT') {
    return failure(
      'connect-error',
      false,
      `${where}: no connection within ${formatMs(upstream.timeouts.connect)} (timeouts.connect)`,
    );
  }
  if (code === 'ECONNREFUSED')
    return failure('connect-error', false, `${where} refused the connection — is it running?`);
  if (NOT_CONNECTED.has(code)) return failure('connect-error', false, `${where} is unreachable (${code})`);
  if (isTlsError(code)) {
    const hint = upstream.tlsInsecure
      ? ''
      : ` — for a self-signed certificate set upstreams.${upstream.name}.tls.insecure: true`;
    return failure('connect-error', false, `${where}: TLS failed (${code}: ${error.message})${hint}`);
  }
  return failure(
    'connect-error',
    true,
    `${where} closed the connection before answering (${code || error.message})`,
  );
}

function failure(result: RequestResult, connected: boolean, detail: string): UpstreamFailure {
  return { status: 502, kind: 'bad-gateway', result, connected, detail };
}

function isTlsError(code: string): boolean {
  return (
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code.includes('CERT') ||
    code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'
  );
}

/** `250ms`, `30s`, `1.5s`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)}s`;
}
