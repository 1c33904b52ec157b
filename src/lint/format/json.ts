/**
 * `json`: one object, stable field names.
 * @example { "errorCount": 1, "warningCount": 0, "findings": [{ "ruleId": "upstream/unknown", "severity": "error",
 *   "message": "…", "path": "routes[2].upstream", "file": "gateway.config.ts", "line": 14, "column": 17 }] }
 */
import { displayPath } from './paths.js';
import type { LintFormatter } from './types.js';

export const formatJson: LintFormatter = (report, { cwd }) => {
  const findings = report.findings.map((f) => ({ ...f, ...(f.file && { file: displayPath(f.file, cwd) }) }));
  const errorCount = findings.filter((f) => f.severity === 'error').length;
  return `${JSON.stringify({ errorCount, warningCount: findings.length - errorCount, findings }, null, 2)}\n`;
};
