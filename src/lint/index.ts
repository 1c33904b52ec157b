/** `gateway lint`'s engine: rules, the runner, and the output formats. */
export { LINT_FORMATS, type FormatContext, type LintFormat, type LintFormatter } from './format/index.js';
export { readConfigSource, type ConfigSource } from './read-config.js';
export { RULES, findRule } from './rules/index.js';
export { lintConfig, type LintInput, type LintReport } from './run.js';
export type { Finding, LintContext, LintRoute, LintRule, RuleFinding, Severity } from './types.js';
