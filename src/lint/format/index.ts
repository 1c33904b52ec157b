/** Lint output formats, by the name `--format` takes. */
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';
import type { LintFormatter } from './types.js';

export type { FormatContext, LintFormatter } from './types.js';

export const LINT_FORMATS = {
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
} as const satisfies Record<string, LintFormatter>;

export type LintFormat = keyof typeof LINT_FORMATS;
