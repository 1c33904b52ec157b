/**
 * `stylish`: findings grouped by file, one a line, aligned, coloured, then a summary line:
 *   gateway.config.ts
 *     41:7  error  routes[3].match: route "users-admin" can never match: …  route/shadowed
 *
 *   ✖ 3 problems (2 errors, 1 warning)
 */
import { colors } from '../../format/color.js';
import type { Finding } from '../types.js';
import { displayPath } from './paths.js';
import type { LintFormatter } from './types.js';

export const formatStylish: LintFormatter = (report, { cwd, color }) => {
  const c = colors(color);
  if (report.findings.length === 0) return `${c.green('✔')} no problems\n`;
  const groups = new Map<string, Finding[]>();
  for (const finding of report.findings) {
    const key = finding.file ? displayPath(finding.file, cwd) : '(config)';
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  const out: string[] = [];
  for (const [file, findings] of groups) {
    out.push(c.bold(file));
    const where = findings.map((f) => (f.line === undefined ? '' : `${f.line}:${f.column ?? 1}`));
    const width = Math.max(...where.map((w) => w.length));
    findings.forEach((f, i) => {
      const severity = f.severity === 'error' ? c.red('error') : c.yellow('warn ');
      const path = f.path ? `${f.path}: ` : '';
      out.push(`  ${c.dim(where[i]!.padEnd(width))}  ${severity}  ${path}${f.message}  ${c.dim(f.ruleId)}`);
    });
    out.push('');
  }
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.length - errors;
  const summary = `✖ ${plural(report.findings.length, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`;
  out.push(errors > 0 ? c.red(c.bold(summary)) : c.yellow(c.bold(summary)));
  return `${out.join('\n')}\n`;
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
