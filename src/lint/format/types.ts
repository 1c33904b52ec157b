/** What every lint output format receives. */
import type { LintReport } from '../run.js';

export interface FormatContext {
  /** Paths are shown relative to it. */
  readonly cwd: string;
  readonly color: boolean;
  /** gateway's version, for SARIF's `tool.driver.version`. */
  readonly version: string;
}

/** Turns a report into the text written to stdout. */
export type LintFormatter = (report: LintReport, context: FormatContext) => string;
