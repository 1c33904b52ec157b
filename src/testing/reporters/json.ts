/**
 * `json`: the whole run as one object — per case the name, where it is written, ok, mismatches
 * (expected/actual), skipped checks, the route it reached and, when it failed, its trace.
 */
import { relative } from 'node:path';
import type { Reporter } from './types.js';

export const reportJson: Reporter = (run, { cwd, coverage }) => {
  const results = run.results.map((r) => ({
    name: r.case.name,
    file: r.case.file && (relative(cwd, r.case.file) || r.case.file),
    path: r.case.path,
    ...(r.case.line !== undefined && { line: r.case.line, column: r.case.column }),
    ok: r.ok,
    route: r.route,
    mismatches: r.mismatches,
    skipped: r.skipped,
    ...(r.error && { error: r.error }),
    ...(r.response && { response: { status: r.response.status } }),
    ...(!r.ok && { trace: r.trace }),
  }));
  const body = {
    passed: run.passed,
    failed: run.failed,
    live: run.live,
    results,
    ...(coverage && { coverage: run.coverage }),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
};
