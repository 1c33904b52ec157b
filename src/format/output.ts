/** Where text output goes: the commands, the access log and the UI all write through this shape. */

/** `process.stdout`/`stderr` in the CLI, buffers in tests. */
export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}
