/** `gateway test`'s data: a case, what it found, and the whole run. Reporters format only these. */
import type { RouteTestConfig } from '../config/schema/index.js';
import type { TraceStep } from '../pipeline/types.js';

/** One route test case, wherever it was written. */
export interface TestCase {
  /** The case's `name`, else `METHOD URL`. */
  readonly name: string;
  /** Where it was written: the config or a `*.gateway-test.*` file. */
  readonly file: string | undefined;
  /** Key path in that file: `tests[3]` (config) or `[3]` (a test file). */
  readonly path: string;
  /** 1-based position of the case in its file, where the source can be mapped. */
  readonly line?: number;
  readonly column?: number;
  readonly request: RouteTestConfig['request'];
  readonly expect: RouteTestConfig['expect'];
  /** Requests sampled for `expect.split`. @default 1000 */
  readonly samples?: number;
  /**
   * `${NAME}` placeholders (recorded credentials) whose environment variable is not set: the case
   * was sent without them, so only its route is checked.
   */
  readonly unresolved?: readonly string[];
}

/** An expectation that did not hold. */
export interface Mismatch {
  /** The expectation's key: `upstream`, `headers.x-user`, `body.items[0].id`, … */
  readonly field: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

/** What one case found. */
export interface CaseResult {
  readonly case: TestCase;
  readonly ok: boolean;
  readonly mismatches: readonly Mismatch[];
  /** Expectations that were not checked, and why (`body: only with --live`). */
  readonly skipped: readonly string[];
  /** The route that handled the request (for coverage), `null` for none. */
  readonly route: string | null;
  /** The pipeline's trace for this request (shown for failing cases). */
  readonly trace: readonly TraceStep[];
  /** With `--live`: what came back. */
  readonly response?: {
    readonly status: number;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string;
  };
  /** A case that could not run at all (a request the proxy refused to send, a network error). */
  readonly error?: string;
  readonly durationMs: number;
}

/** Which routes the cases exercised. */
export interface RouteCoverage {
  /** Routes in evaluation order, each with the number of cases that ended on it. */
  readonly routes: readonly { readonly name: string; readonly cases: number }[];
  /** Names of routes no case reached. */
  readonly uncovered: readonly string[];
  /** Covered routes / all routes × 100 (100 when there are no routes). */
  readonly percent: number;
}

/** A whole run. */
export interface TestRun {
  readonly results: readonly CaseResult[];
  readonly passed: number;
  readonly failed: number;
  readonly coverage: RouteCoverage;
  readonly live: boolean;
  readonly durationMs: number;
}
