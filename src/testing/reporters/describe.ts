/** The words every reporter uses for a failing case: one diff line per mismatch, the trace, the place. */
import { relative } from 'node:path';
import type { TraceStep } from '../../pipeline/types.js';
import type { CaseResult, Mismatch, TestCase } from '../types.js';

/** `expected upstream: orders, actual: users`. */
export function describeMismatch(m: Mismatch): string {
  return `expected ${m.field}: ${show(m.expected)}, actual: ${show(m.actual)}`;
}

/** Every reason a case failed, one a line. */
export function failureLines(result: CaseResult): string[] {
  return result.error ? [result.error] : result.mismatches.map(describeMismatch);
}

/** `match  route "orders" (GET,HEAD /orders/**)`, one a step, stage names aligned. */
export function traceLines(trace: readonly TraceStep[]): string[] {
  const width = Math.max(0, ...trace.map((s) => s.stage.length));
  return trace.map((step) => `${step.ok ? ' ' : '✘'} ${step.stage.padEnd(width)}  ${step.summary}`);
}

/** `gateway.config.ts:94:5 (tests[4])`, relative to `cwd`. */
export function caseLocation(testCase: TestCase, cwd: string): string {
  if (!testCase.file) return testCase.path;
  const file = relative(cwd, testCase.file) || testCase.file;
  const at = testCase.line === undefined ? '' : `:${testCase.line}:${testCase.column ?? 1}`;
  return `${file}${at} (${testCase.path})`;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
