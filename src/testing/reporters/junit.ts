/**
 * `junit`: JUnit XML, as CI systems (GitHub Actions test reporters, GitLab, Jenkins) read it: one
 * `<testsuite>` per file the cases come from, one `<testcase>` per case, a `<failure>` with the
 * diff and the trace for each failing one. Text is escaped, and characters XML 1.0 forbids are dropped.
 */
import { relative } from 'node:path';
import { caseLocation, failureLines, traceLines } from './describe.js';
import type { Reporter } from './types.js';
import type { CaseResult } from '../types.js';

export const reportJunit: Reporter = (run, { cwd }) => {
  const suites = new Map<string, CaseResult[]>();
  for (const result of run.results) {
    const name = result.case.file ? relative(cwd, result.case.file) || result.case.file : 'config';
    suites.set(name, [...(suites.get(name) ?? []), result]);
  }
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="gateway test" tests="${run.results.length}" failures="${run.failed}" errors="0" time="${seconds(run.durationMs)}">`,
  ];
  for (const [name, results] of suites) {
    const failures = results.filter((r) => !r.ok).length;
    const time = results.reduce((sum, r) => sum + r.durationMs, 0);
    out.push(
      `  <testsuite name="${attr(name)}" tests="${results.length}" failures="${failures}" errors="0" skipped="0" time="${seconds(time)}">`,
    );
    for (const result of results) {
      const open = `    <testcase name="${attr(result.case.name)}" classname="${attr(name)}" time="${seconds(result.durationMs)}"`;
      if (result.ok) {
        out.push(`${open}/>`);
        continue;
      }
      const lines = failureLines(result);
      const details = [
        ...lines,
        `at ${caseLocation(result.case, cwd)}`,
        'trace:',
        ...traceLines(result.trace).map((l) => `  ${l}`),
      ];
      out.push(`${open}>`);
      out.push(
        `      <failure message="${attr(lines.join('; '))}" type="${result.error ? 'error' : 'mismatch'}">${text(details.join('\n'))}</failure>`,
      );
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
};

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

// Characters XML 1.0 does not allow at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF).
const FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function text(value: string): string {
  return value.replace(FORBIDDEN, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}
