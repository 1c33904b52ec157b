/**
 * `sarif`: SARIF 2.1.0, as GitHub code scanning (`github/codeql-action/upload-sarif`) and other
 * tools read it. Every rule is listed in `tool.driver.rules` with its help text; each finding
 * is a result with its rule, level, message and the file/line/column of the config key.
 */
import type { Severity } from '../types.js';
import { displayPath } from './paths.js';
import type { LintFormatter } from './types.js';

const LEVEL: Readonly<Record<Severity | 'off', 'error' | 'warning' | 'none'>> = {
  error: 'error',
  warn: 'warning',
  off: 'none',
};

export const formatSarif: LintFormatter = (report, { cwd, version }) => {
  const rules = report.rules.map((rule) => ({
    id: rule.id,
    name: rule.id.replace(/[/-](\w)/g, (_m, ch: string) => ch.toUpperCase()),
    shortDescription: { text: rule.description },
    fullDescription: { text: `${rule.description} ${rule.help}` },
    help: { text: rule.help, markdown: rule.help },
    defaultConfiguration: { level: LEVEL[rule.effective], enabled: rule.effective !== 'off' },
    properties: { tags: [rule.id.split('/')[0]] },
  }));
  const results = report.findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: report.rules.findIndex((rule) => rule.id === f.ruleId),
    level: LEVEL[f.severity],
    message: { text: `${f.path ? `${f.path}: ` : ''}${f.message}` },
    locations: [
      {
        ...(f.file && {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(displayPath(f.file, cwd)), uriBaseId: '%SRCROOT%' },
            ...(f.line !== undefined && { region: { startLine: f.line, startColumn: f.column ?? 1 } }),
          },
        }),
        ...(f.path && { logicalLocations: [{ fullyQualifiedName: f.path, kind: 'member' }] }),
      },
    ],
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'gateway lint', semanticVersion: version, version, rules } },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
