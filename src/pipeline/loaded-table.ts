/** A compiled route table with the files it came from: what commands, tests and reloads pass around. */
import type { RouteTable } from './table.js';

/** The result of loading and compiling a config (commands/load-table.ts makes it). */
export interface LoadedTable {
  readonly table: RouteTable;
  /** The config file. */
  readonly file: string;
  /** The config file, the modules it imports and the files it references: what to watch. */
  readonly dependencies: readonly string[];
}
