/** What every command receives from the CLI and returns to it; tests call commands directly with these. */

import type { Output } from '../format/output.js';

/** Where a command writes (defined below the commands, for the log and the UI too). */
export type { Output };

export interface CommandIO {
  readonly cwd: string;
  readonly stdout: Output;
  readonly stderr: Output;
  readonly env: NodeJS.ProcessEnv;
  /** Colour on: a TTY, and neither `NO_COLOR` nor `--no-color`. */
  readonly color: boolean;
}

/**
 * Exit codes everywhere (SPEC): 0 success; 1 the check found problems (no route, request
 * rejected, lint errors, failing tests); 2 usage or a config that cannot be loaded.
 */
export type ExitCode = 0 | 1 | 2;

export interface CommandResult {
  readonly exitCode: ExitCode;
}
