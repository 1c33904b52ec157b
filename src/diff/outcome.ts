/**
 * What `gateway diff` compares: the parts of a Decision a routing change can move — route,
 * upstream, upstream path, auth result, and the status of the gateway's own answers. Each known
 * request is decided exactly as `gateway test` decides it (pinned clock and random source, a fresh
 * balancer), so the same request always gives the same outcome.
 */
import { createPools } from '../pipeline/balance/index.js';
import { decide } from '../pipeline/decide.js';
import type { RouteTable } from '../pipeline/table.js';
import type { Decision } from '../pipeline/types.js';
import { caseRequestInput } from '../testing/request.js';
import type { TestCase } from '../testing/types.js';

/** The comparable summary of one Decision. `null` where the Decision has nothing. */
export interface RequestOutcome {
  readonly route: string | null;
  readonly upstream: string | null;
  /** Path and query sent upstream. */
  readonly path: string | null;
  readonly auth: 'public' | 'allow' | 'deny' | null;
  /** The status of an answer the gateway makes itself (`respond`, `reject`); `null` when forwarded. */
  readonly status: number | null;
}

/** The fields of an outcome, in the order they are shown. */
export const OUTCOME_FIELDS = ['route', 'upstream', 'path', 'auth', 'status'] as const;
export type OutcomeField = (typeof OUTCOME_FIELDS)[number];

/** Summarizes a Decision. */
export function outcomeOf(decision: Decision): RequestOutcome {
  return {
    route: decision.route?.name ?? null,
    upstream: decision.upstream ?? null,
    path: decision.upstreamPath ?? null,
    auth: decision.auth?.result ?? null,
    status: decision.action === 'forward' ? null : (decision.status ?? null),
  };
}

/** Decides one known request on `table`, pinned as `gateway test` and `explain` pin it. */
export async function decideCase(
  table: RouteTable,
  testCase: TestCase,
  now: number,
): Promise<RequestOutcome> {
  const decision = await decide(caseRequestInput(testCase), table, {
    now: () => now,
    random: () => 0.5,
    pools: createPools(),
    fetch: globalThis.fetch,
    trace: 'compact',
  });
  return outcomeOf(decision);
}
