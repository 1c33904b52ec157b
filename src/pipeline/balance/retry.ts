/**
 * Retry policy: whether a failed try of a request is tried again (on another target), and after
 * how long. Pure: the proxy calls it after each failed try and does the waiting and re-picking
 * (`selectTarget` with `exclude` = the targets already tried).
 *
 * Rules, in order: only failures are retried (connection errors, timeouts, and the statuses in
 * `retries.statuses`); never after the client went away; at most `retries.attempts` times; only
 * `retries.methods` — except a connection error, where the request never reached the target and
 * any method is safe to send again; never when the body was streamed rather than buffered.
 */
import type { ResolvedUpstream } from '../../config/resolved.js';
import type { RequestResult } from './api.js';
import { formatDuration, ordinal } from './format.js';

/** The policy's answer. */
export interface RetryDecision {
  readonly retry: boolean;
  /** Wait before the next try: `backoff × 2^(attempt-1)`; 0 when not retrying. */
  readonly delayMs: number;
  /** `retry 1 of 2 in 25ms after status 503`, `POST is not retried (retries.methods: GET, HEAD)`. */
  readonly reason: string;
}

/**
 * Decides whether to try again after try number `attempt` (1 = the first try) ended with
 * `outcome`: a `RequestResult`, or the HTTP status the target answered (pass the number for
 * answers, so `retries.statuses` can be checked). `bodyReplayable`: the request had no body, or
 * its whole body was buffered (it fit in `retries.bufferBodyUpTo`) and can be sent again.
 */
export function retryPolicy(
  upstream: ResolvedUpstream,
  method: string,
  attempt: number,
  outcome: RequestResult | number,
  bodyReplayable: boolean,
): RetryDecision {
  const { retries } = upstream;
  const no = (reason: string): RetryDecision => ({ retry: false, delayMs: 0, reason });
  const what = typeof outcome === 'number' ? `status ${outcome}` : outcome;

  if (outcome === 'success' || (typeof outcome === 'number' && outcome < 500))
    return no(`${what} is not a failure`);
  if (outcome === 'aborted') return no('the client went away');
  if (outcome === 'http-5xx')
    return no('a 5xx without its status is not retried (the proxy passes the status)');
  if (typeof outcome === 'number' && !retries.statuses.includes(outcome)) {
    return no(`${what} is not retried (retries.statuses: ${retries.statuses.join(', ') || 'none'})`);
  }
  if (retries.attempts === 0) return no(`retries are off for "${upstream.name}" (retries.attempts: 0)`);
  if (attempt > retries.attempts)
    return no(`no retries left (${retries.attempts} of ${retries.attempts} used)`);
  const upper = method.toUpperCase();
  if (outcome !== 'connect-error' && !retries.methods.includes(upper)) {
    return no(`${upper} is not retried (retries.methods: ${retries.methods.join(', ')})`);
  }
  if (!bodyReplayable) {
    return no(
      `the request body was streamed, not buffered (retries.bufferBodyUpTo: ${retries.bufferBodyUpTo} bytes)`,
    );
  }
  const delayMs = retries.backoff * 2 ** (attempt - 1);
  return {
    retry: true,
    delayMs,
    reason: `${ordinal(attempt)} retry of ${retries.attempts} in ${formatDuration(delayMs)} after ${what}`,
  };
}

/** The timeout for one try: `retries.perTryTimeout`, else the upstream's response timeout. */
export function perTryTimeout(upstream: ResolvedUpstream): number {
  return upstream.retries.perTryTimeout ?? upstream.timeouts.response;
}

/**
 * Whether a body of `bytes` (`undefined`: unknown length, chunked) may be buffered for replay:
 * the proxy buffers it when this is true and streams it otherwise.
 */
export function canBufferBody(upstream: ResolvedUpstream, bytes: number | undefined): boolean {
  return bytes !== undefined && bytes <= upstream.retries.bufferBodyUpTo;
}
