/**
 * What the fuzzer holds every Decision to: definite (an action, a status where one is due, a
 * problem document on every refusal, an upstream and target on every forward), the indexed
 * matcher and the full ordered scan agreeing, and no dot segment ever reaching an upstream.
 */
import type { Decision } from '../../src/pipeline/types.js';

/** Why `decision` is not definite, or `undefined`. */
export function indefinite(decision: Decision): string | undefined {
  switch (decision.action) {
    case 'forward':
      if (!decision.upstream || !decision.target?.id) return 'forward without an upstream and target';
      if (!decision.upstreamPath?.startsWith('/'))
        return `forward to a path not starting with "/": ${decision.upstreamPath}`;
      return undefined;
    case 'respond':
      return isStatus(decision.status) && decision.response
        ? undefined
        : 'respond without a status and response';
    case 'reject': {
      const problem = decision.problem;
      if (!isStatus(decision.status) || decision.status! < 400)
        return `reject with status ${decision.status}`;
      if (
        !problem?.type ||
        !problem.title ||
        problem.status !== decision.status ||
        typeof problem.detail !== 'string'
      )
        return 'reject without a complete problem document';
      return undefined;
    }
    default:
      return `unknown action ${String((decision as { action: unknown }).action)}`;
  }
}

/** The part of a Decision both match modes must agree on. */
export function outcome(decision: Decision): unknown {
  return {
    action: decision.action,
    status: decision.status,
    route: decision.route?.name,
    params: decision.params,
    upstreamPath: decision.upstreamPath,
    upstream: decision.upstream,
    target: decision.target?.id,
    problem: decision.problem,
    headers: decision.headers,
    responseHeaders: decision.responseHeaders,
    auth: decision.auth?.result,
  };
}

const DOT_SEGMENT = /(^|\/)(\.|%2e){1,2}(\/|$)/i;

/** A forwarded path with a `.` or `..` segment (encoded or not): a traversal the upstream may resolve. */
export function forwardsDotSegment(decision: Decision): string | undefined {
  if (decision.action !== 'forward' || decision.upstreamPath === undefined) return undefined;
  const path = decision.upstreamPath.split('?', 1)[0]!;
  return DOT_SEGMENT.test(path) ? `dot segment forwarded upstream: ${path}` : undefined;
}

/** JSON text of a Decision, RegExps and byte arrays included, for "same input → same Decision". */
export function fingerprint(decision: Decision): string {
  return JSON.stringify(decision, (_key, value) => {
    if (value instanceof RegExp) return value.toString();
    if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
    return value;
  });
}

function isStatus(status: number | undefined): boolean {
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599;
}
