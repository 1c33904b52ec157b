/**
 * `tap`: TAP version 13. A failing case carries a YAML diagnostic block with its mismatches,
 * location and trace, as TAP consumers (tap-parser, Jenkins TAP plugin) read them.
 */
import { stringify } from 'yaml';
import { caseLocation, failureLines, traceLines } from './describe.js';
import type { Reporter } from './types.js';

export const reportTap: Reporter = (run, { cwd, coverage }) => {
  const out = ['TAP version 13', `1..${run.results.length}`];
  run.results.forEach((result, i) => {
    const description = result.case.name.replace(/#/g, '\\#');
    if (result.ok) {
      const skipped =
        result.skipped.length > 0 ? ` # ${result.skipped.length} check(s) only with --live` : '';
      out.push(`ok ${i + 1} - ${description}${skipped}`);
      return;
    }
    out.push(`not ok ${i + 1} - ${description}`);
    const diagnostic = {
      message: failureLines(result).join('\n'),
      severity: 'fail',
      at: caseLocation(result.case, cwd),
      ...(result.mismatches.length > 0 && {
        mismatches: result.mismatches.map((m) => ({
          field: m.field,
          expected: m.expected ?? null,
          actual: m.actual ?? null,
        })),
      }),
      trace: traceLines(result.trace).map((line) => line.trim()),
    };
    const yaml = stringify(diagnostic, { lineWidth: 0 }).trimEnd();
    out.push('  ---', ...yaml.split('\n').map((line) => `  ${line}`), '  ...');
  });
  out.push(`# pass ${run.passed}`, `# fail ${run.failed}`);
  if (coverage) {
    out.push(`# route coverage ${run.coverage.percent.toFixed(1)}%`);
    for (const name of run.coverage.uncovered)
      out.push(`# no case reaches route ${name.replace(/\n/g, ' ')}`);
  }
  return `${out.join('\n')}\n`;
};
