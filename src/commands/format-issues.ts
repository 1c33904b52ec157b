/**
 * The one format of config issues every command prints. Its own module so that `gateway lint`,
 * which never compiles a route table, does not load the table compiler (and auth) to print them.
 */
import { isAbsolute, relative } from 'node:path';
import type { ConfigIssue } from '../config/issues.js';
import type { Colors } from '../format/color.js';

/**
 * Formats config issues one a line, `file:line:col  key.path  message`, as editors and
 * terminals link them.
 */
export function formatIssues(issues: readonly ConfigIssue[], cwd: string, c: Colors): string {
  const lines = issues.map((issue) => {
    const where = issue.file
      ? `${(isAbsolute(issue.file) && relative(cwd, issue.file)) || issue.file}${issue.line ? `:${issue.line}:${issue.column ?? 1}` : ''}`
      : '';
    const path = issue.path ? c.bold(issue.path) : '';
    return `${c.red('error')} ${[where && c.dim(where), path, issue.message].filter(Boolean).join('  ')}`;
  });
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  return `${lines.join('\n')}\n${c.red(`config not loaded: ${count}`)}\n`;
}
