/** Load the config and compile its table: the first step of every command, with one error format. */
import type { Result } from '../config/issues.js';
import { loadConfig } from '../config/load.js';
import type { LoadedTable } from '../pipeline/loaded-table.js';
import { compileTable } from '../pipeline/table.js';

export { formatIssues } from './format-issues.js';
export type { LoadedTable };

/** Loads, validates and compiles the config found from `cwd` (or at `configPath`). */
export async function loadTable(options: {
  cwd: string;
  configPath?: string;
  env: NodeJS.ProcessEnv;
  /**
   * A one-shot command (explain): the config may be imported by Node itself (LoadOptions.once) and
   * gRPC/SOAP transforms are built on first use (CompileOptions.lazyTransforms). @default false
   */
  once?: boolean;
}): Promise<Result<LoadedTable>> {
  const loaded = await loadConfig({
    cwd: options.cwd,
    configPath: options.configPath,
    env: options.env,
    once: options.once,
  });
  if (!loaded.ok) return loaded;
  const compiled = await compileTable(loaded.config, {
    env: options.env,
    lazyTransforms: options.once,
  });
  if (!compiled.ok) return { ok: false, issues: compiled.issues.map((i) => ({ file: loaded.file, ...i })) };
  return {
    ok: true,
    table: compiled.table,
    file: loaded.file,
    dependencies: [...new Set([...loaded.dependencies, ...compiled.table.files])],
  };
}
