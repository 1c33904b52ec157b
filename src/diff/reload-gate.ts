/**
 * The reload gate: before a changed config serves, its static route tests run on the new table
 * (the config's `tests`, test files under its folder, the `--record` file). A failing case keeps
 * the running table, and each failure becomes an issue at the case's file:line naming the case and
 * the expectation that broke. Every reload that passes also counts how many known requests (those
 * cases plus a sample per route) the new table decides differently, with `gateway diff`'s machinery.
 */
import type { ConfigIssue } from '../config/issues.js';
import type { ReloadGate } from '../reload/index.js';
import { collectCases } from '../testing/collect.js';
import { runCases } from '../testing/run.js';
import type { CaseResult } from '../testing/types.js';
import { diffRouting } from './compare.js';
import { sampleCases, uniqueCases } from './known.js';

export interface TestGateOptions {
  readonly configFile: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** `--record FILE`: its cases count too. */
  readonly recordFile?: string;
  /** `false` (`--no-test-gate`): failing tests do not block; the count is still given. @default true */
  readonly enforce?: boolean;
  /** The pinned clock of the cases. @default Date.now */
  readonly now?: () => number;
}

/** Creates the gate `gateway dev` hands to the reload applier. */
export function createTestGate(options: TestGateOptions): ReloadGate {
  return async (next, current) => {
    const now = (options.now ?? Date.now)();
    const collected = await collectCases(next.config.tests, options.configFile, {
      files: [],
      cwd: options.cwd,
      env: options.env,
      extraFiles: options.recordFile === undefined ? [] : [options.recordFile],
    });
    if (!collected.ok) return { ok: false, issues: collected.issues, failedTests: 0 };
    if (options.enforce !== false) {
      const run = await runCases(next, collected.cases, { now });
      const failing = run.results.filter((result) => !result.ok);
      if (failing.length > 0)
        return { ok: false, issues: failing.map(failureIssue), failedTests: failing.length };
    }
    const known = uniqueCases([...collected.cases, ...sampleCases(current), ...sampleCases(next)]);
    const diff = await diffRouting(current, next, known, now);
    return { ok: true, requests: { changed: diff.changed, known: diff.total } };
  };
}

/** `route test "GET /users/1" fails: expected route users, got accounts`. */
function failureIssue(result: CaseResult): ConfigIssue {
  const why =
    result.error ??
    result.mismatches.map((m) => `expected ${m.field} ${show(m.expected)}, got ${show(m.actual)}`).join('; ');
  return {
    path: result.case.path,
    message: `route test "${result.case.name}" fails: ${why}`,
    ...(result.case.file !== undefined && { file: result.case.file }),
    ...(result.case.line !== undefined && { line: result.case.line, column: result.case.column }),
  };
}

function show(value: unknown): string {
  return value === null ? 'none' : typeof value === 'string' ? value : JSON.stringify(value);
}
