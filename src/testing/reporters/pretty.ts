/**
 * `pretty`: one line per case; failing cases get their diff lines, where they are written, and
 * the trace of the request; then a summary, and route coverage when asked for.
 *   ✘ GET /orders/7
 *       expected route: orders-admin, actual: orders
 *       at gateway.config.ts:94:5 (tests[4])
 *       trace:
 *           normalize  /orders/7
 *           match      route "orders" (GET,HEAD /orders/**)
 */
import { colors } from '../../format/color.js';
import { caseLocation, failureLines, traceLines } from './describe.js';
import type { Reporter } from './types.js';

export const reportPretty: Reporter = (run, { cwd, color, coverage }) => {
  const c = colors(color);
  const out: string[] = [];
  for (const result of run.results) {
    if (result.ok) {
      const where = result.route === null ? 'no route' : result.route;
      out.push(`${c.green('✔')} ${result.case.name} ${c.dim(`→ ${where}`)}`);
      continue;
    }
    out.push(`${c.red('✘')} ${c.bold(result.case.name)}`);
    for (const line of failureLines(result)) out.push(`    ${c.red(line)}`);
    out.push(c.dim(`    at ${caseLocation(result.case, cwd)}`));
    out.push(c.dim('    trace:'));
    for (const line of traceLines(result.trace)) out.push(c.dim(`      ${line}`));
  }
  const skipped = run.results.flatMap((r) => r.skipped.map((s) => `${r.case.name}: ${s}`));
  if (skipped.length > 0) {
    // Most skips are what only --live checks; a recorded case without its credential is another reason.
    const why = skipped.every((line) => line.includes('--live')) ? ' without --live' : '';
    out.push('', c.dim(`not checked${why} (${skipped.length}):`));
    for (const line of skipped) out.push(c.dim(`  ${line}`));
  }
  const total = run.results.length;
  const summary = `route tests: ${run.passed} passed, ${run.failed} failed (${total} case${total === 1 ? '' : 's'}${run.live ? ', live' : ''}, ${Math.round(run.durationMs)} ms)`;
  out.push('', run.failed > 0 ? c.red(c.bold(summary)) : c.green(c.bold(summary)));
  if (coverage) out.push(formatCoverage(run.coverage, c));
  return `${out.join('\n')}\n`;
};

function formatCoverage(cov: import('../types.js').RouteCoverage, c: ReturnType<typeof colors>): string {
  const covered = cov.routes.length - cov.uncovered.length;
  const line = `route coverage: ${covered}/${cov.routes.length} routes (${formatPercent(cov.percent)})`;
  return cov.uncovered.length === 0
    ? line
    : `${line} — no case reaches: ${cov.uncovered.map((n) => c.yellow(n)).join(', ')}`;
}

/** `83.3%`; whole numbers without decimals. */
export function formatPercent(percent: number): string {
  return `${Number.isInteger(percent) ? percent : percent.toFixed(1)}%`;
}
