/**
 * `github`: GitHub Actions workflow commands, which show as annotations on the pull request:
 *   ::error file=gateway.config.ts,line=14,col=17,title=upstream/unknown::routes[2].upstream: …
 */
import { displayPath } from './paths.js';
import type { LintFormatter } from './types.js';

export const formatGithub: LintFormatter = (report, { cwd }) =>
  report.findings
    .map((f) => {
      const props = [
        f.file && `file=${escapeProperty(displayPath(f.file, cwd))}`,
        f.line !== undefined && `line=${f.line}`,
        f.column !== undefined && `col=${f.column}`,
        `title=${escapeProperty(f.ruleId)}`,
      ].filter(Boolean);
      const command = f.severity === 'error' ? 'error' : 'warning';
      return `::${command} ${props.join(',')}::${escapeData(`${f.path ? `${f.path}: ` : ''}${f.message}`)}\n`;
    })
    .join('');

// The escaping the Actions runner expects (toolkit's `escapeData` / `escapeProperty`).
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
