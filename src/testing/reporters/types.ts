/** What every `gateway test` reporter receives. */
import type { TestRun } from '../types.js';

export interface ReportContext {
  /** Paths are shown relative to it. */
  readonly cwd: string;
  readonly color: boolean;
  /** Include route coverage (`--coverage` or `--fail-under`). */
  readonly coverage: boolean;
}

/** Turns a run into the text written to stdout. */
export type Reporter = (run: TestRun, context: ReportContext) => string;
