/** `gateway lint`: static checks of the config, no network; quick enough for a pre-commit hook. */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { colors } from '../format/color.js';
import { LINT_FORMATS, type LintFormat } from '../lint/format/index.js';
import { readConfigSource } from '../lint/read-config.js';
import { type LintReport, lintConfig } from '../lint/run.js';
import type { CommandIO, CommandResult } from './io.js';
import { formatIssues } from './format-issues.js';

export interface LintOptions extends CommandIO {
  /** `-c, --config`: the config file; found from `cwd` when omitted. */
  readonly config?: string;
  /** `--format`. @default 'stylish' */
  readonly format?: LintFormat;
  /** `--max-warnings`: more warnings than this fail the run (exit 1). @default unlimited */
  readonly maxWarnings?: number;
}

export interface LintResult extends CommandResult {
  /** The findings, when the config could be read. */
  readonly report?: LintReport;
}

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/**
 * Lints the config. Exit 0: no errors and warnings within `--max-warnings`; 1: errors, or too
 * many warnings; 2: the config cannot be read or has problems that are not lint findings.
 */
export async function lint(options: LintOptions): Promise<LintResult> {
  const c = colors(options.color);
  const format = options.format ?? 'stylish';
  if (!(format in LINT_FORMATS)) {
    options.stderr.write(
      `${c.red('error')} --format ${format}: expected one of ${Object.keys(LINT_FORMATS).join(', ')}\n`,
    );
    return { exitCode: 2 };
  }
  if (
    options.maxWarnings !== undefined &&
    !(Number.isInteger(options.maxWarnings) && options.maxWarnings >= 0)
  ) {
    options.stderr.write(
      `${c.red('error')} --max-warnings ${options.maxWarnings}: expected a whole number, 0 or more\n`,
    );
    return { exitCode: 2 };
  }
  const read = await readConfigSource({
    cwd: options.cwd,
    configPath: options.config,
    env: options.env,
    once: true,
  });
  if (!read.ok) {
    options.stderr.write(formatIssues(read.issues, options.cwd, c));
    return { exitCode: 2 };
  }
  const linted = await lintConfig({
    value: read.value,
    file: read.file,
    source: read.source,
    dir: dirname(read.file),
    env: options.env,
  });
  if (!linted.ok) {
    options.stderr.write(formatIssues(linted.issues, options.cwd, c));
    return { exitCode: 2 };
  }
  const report = { findings: linted.findings, rules: linted.rules };
  options.stdout.write(LINT_FORMATS[format](report, { cwd: options.cwd, color: options.color, version }));
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.length - errors;
  const tooManyWarnings = options.maxWarnings !== undefined && warnings > options.maxWarnings;
  if (tooManyWarnings && errors === 0) {
    options.stderr.write(
      `${c.red('error')} ${warnings} warnings, more than --max-warnings ${options.maxWarnings}\n`,
    );
  }
  return { exitCode: errors > 0 || tooManyWarnings ? 1 : 0, report };
}
