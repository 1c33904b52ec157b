/**
 * Runs route test cases through the one pipeline: each case becomes a request, `decide` gives
 * its Decision (time and randomness pinned, a fresh balancer per case, the full trace), and the
 * expectations are compared with it. With a live sender, each case is also sent for real.
 */
import { createPools } from '../pipeline/balance/index.js';
import type { DecideContext } from '../pipeline/context.js';
import { decide } from '../pipeline/decide.js';
import type { RouteTable } from '../pipeline/table.js';
import { compareDecision, type LiveResponse } from './compare.js';
import { routeCoverage } from './coverage.js';
import { compareObserved, decisionOnly } from './observe.js';
import { compareSplit } from './split.js';
import { caseRequestInput } from './request.js';
import type { CaseResult, TestCase, TestRun } from './types.js';

export interface RunCasesOptions {
  /** The pinned clock (ms since the epoch) every case sees. @default Date.now() at the start */
  readonly now?: number;
  /** Sends a case through the real proxy (`--live`); without it, only Decisions are compared. */
  readonly send?: (testCase: TestCase) => Promise<LiveResponse>;
  /**
   * `target`: the cases go to another server (`--target`); upstream, target, path and upstream
   * headers are judged by what the fixtures report, not by gateway's Decision.
   */
  readonly observe?: 'target';
  /** For forward auth and JWKS URLs. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/** Runs every case, in order. */
export async function runCases(
  table: RouteTable,
  cases: readonly TestCase[],
  options: RunCasesOptions = {},
): Promise<TestRun> {
  const started = performance.now();
  const now = options.now ?? Date.now();
  const results: CaseResult[] = [];
  for (const testCase of cases) results.push(await runCase(table, testCase, now, options));
  const failed = results.filter((r) => !r.ok).length;
  return {
    results,
    passed: results.length - failed,
    failed,
    coverage: routeCoverage(table, results),
    live: options.send !== undefined,
    durationMs: performance.now() - started,
  };
}

async function runCase(
  table: RouteTable,
  testCase: TestCase,
  now: number,
  options: RunCasesOptions,
): Promise<CaseResult> {
  const started = performance.now();
  const input = caseRequestInput(testCase);
  const ctx: DecideContext = {
    now: () => now,
    // The same pinned source as `gateway explain`, so both show the same pick.
    random: () => 0.5,
    pools: createPools(),
    fetch: options.fetch ?? globalThis.fetch,
    trace: 'full',
  };
  const decision = await decide(input, table, ctx);
  const base = { case: testCase, route: decision.route?.name ?? null, trace: decision.trace };
  let response: LiveResponse | undefined;
  if (options.send) {
    try {
      response = await options.send(testCase);
    } catch (error) {
      const message = `could not send the request: ${(error as Error).message}`;
      return {
        ...base,
        ok: false,
        mismatches: [],
        skipped: [],
        error: message,
        durationMs: performance.now() - started,
      };
    }
  }
  const skipped: string[] = [];
  const expect = { ...testCase.expect };
  if (testCase.unresolved) {
    // Without its credential the request is decided as an anonymous one; only where it goes still holds.
    const names = testCase.unresolved.join(', ');
    const dropped = Object.keys(expect).filter((key) => key !== 'route');
    for (const key of dropped) delete expect[key as keyof typeof expect];
    if (dropped.length > 0) skipped.push(`${dropped.join(', ')}: set ${names} to check them`);
  }
  if (!response) {
    if (expect.body !== undefined && decision.action !== 'respond')
      skipped.push('body: the upstream answers — checked with --live');
    if (expect.status !== undefined && decision.action === 'forward') {
      skipped.push(`status ${expect.status}: the upstream answers forwarded requests — checked with --live`);
      delete expect.status;
    }
  }
  const observed =
    options.observe === 'target' && response
      ? [
          ...compareDecision(
            {
              ...decisionOnly(expect),
              status: expect.status,
              responseHeaders: expect.responseHeaders,
              body: expect.body,
            },
            decision,
            input.headers,
            response,
          ),
          ...compareObserved(expect, response, table.config),
        ]
      : compareDecision(expect, decision, input.headers, response);
  const mismatches = [...observed, ...(await compareSplit(table, testCase, input, now))];
  return {
    ...base,
    ok: mismatches.length === 0,
    mismatches,
    skipped,
    ...(response && { response }),
    durationMs: performance.now() - started,
  };
}
