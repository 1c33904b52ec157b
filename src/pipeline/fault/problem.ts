/**
 * The answer to an injected abort: a problem document marked `"injected": true`, so a client (or
 * a test) can tell a rehearsed failure from a real one. The exporters write the same document
 * into the engines' configs, so an exported abort answers as gateway's does.
 */
import { problem } from '../problem.js';
import type { Problem } from '../types.js';
import type { FaultOutcome } from './decide-fault.js';

/** The problem document of an abort `status` on `route`, asked for by `source`. */
export function faultProblem(
  route: string,
  status: number,
  source: FaultOutcome['source'],
  grpcStatus?: number,
): Problem {
  const by = source === 'chaos' ? 'chaos mode' : source === 'headers' ? 'request header' : 'config';
  return problem(
    'fault-injected',
    status,
    `fault injected on route "${route}" (${by}): abort ${status} — this answer is deliberate, not an upstream failure`,
    { injected: true, route, source, ...(grpcStatus === undefined ? {} : { grpcStatus }) },
  );
}
