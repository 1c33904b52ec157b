/** `gateway diff`'s output: human (grouped by change, a summary line) and `--json`, from the same data. */
import { relative } from 'node:path';
import type { Colors } from '../format/color.js';
import type { RoutingDiff } from './compare.js';
import { showValue } from './compare.js';
import { caseSource } from './known.js';

/** Human output: each group with its requests, then the summary line. */
export function formatRoutingDiff(diff: RoutingDiff, base: string, cwd: string, c: Colors): string {
  const show = (file: string) => relative(cwd, file) || file;
  const lines: string[] = [];
  for (const group of diff.groups) {
    const count = `${group.changes.length} request${group.changes.length === 1 ? '' : 's'}`;
    lines.push(`${c.yellow('~')} ${c.bold(group.label)}  ${c.dim(count)}`);
    const width = Math.min(48, Math.max(...group.changes.map((ch) => requestLine(ch.case).length)));
    for (const change of group.changes) {
      const path = change.fields.includes('path')
        ? `  path ${showValue(change.before.path)} → ${showValue(change.after.path)}`
        : '';
      lines.push(
        `    ${requestLine(change.case).padEnd(width)}  ${c.dim(caseSource(change.case, show))}${path}`,
      );
    }
    lines.push('');
  }
  lines.push(summaryLine(diff, base, c));
  return `${lines.join('\n')}\n`;
}

/** `3 of 57 known requests decide differently (base HEAD:gateway.config.ts)`. */
export function summaryLine(diff: RoutingDiff, base: string, c: Colors): string {
  const known = `${diff.total} known request${diff.total === 1 ? '' : 's'}`;
  if (diff.changed === 0) return `${c.green('no change')}: ${known} decide the same (base ${base})`;
  return `${c.yellow(`${diff.changed} of ${known}`)} decide differently, in ${diff.groups.length} group${diff.groups.length === 1 ? '' : 's'} (base ${base})`;
}

/** The `--json` document. */
export function routingDiffJson(diff: RoutingDiff, base: string, cwd: string): unknown {
  const show = (file: string) => relative(cwd, file) || file;
  return {
    base,
    total: diff.total,
    changed: diff.changed,
    groups: diff.groups.map((group) => ({
      change: group.label,
      requests: group.changes.map((change) => ({
        name: change.case.name,
        source: caseSource(change.case, show),
        method: (change.case.request.method ?? 'GET').toUpperCase(),
        url: change.case.request.url,
        fields: change.fields,
        before: change.before,
        after: change.after,
      })),
    })),
  };
}

function requestLine(testCase: RoutingDiff['groups'][number]['changes'][number]['case']): string {
  return `${(testCase.request.method ?? 'GET').toUpperCase()} ${testCase.request.url}`;
}
