import { readFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import type { ConfigIssue, Result } from '../config/issues.js';
import { findConfigFile, loadConfig } from '../config/load.js';
import { importConfigModule } from '../config/load-module.js';

export interface ConfigSource {
  /** The default export (TS/JS) or the parsed data (JSON/YAML, package.json's `gateway` key). */
  readonly value: unknown;
  /** Absolute path. */
  readonly file: string;
  /** The file's text, for mapping key paths to lines. */
  readonly source: string;
}

/** Finds (from `cwd`, or at `configPath`) and reads the config. */
export async function readConfigSource(options: {
  readonly cwd: string;
  readonly configPath?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** A one-shot process (the lint command): Node may import a TS config itself (config/load-once.ts). */
  readonly once?: boolean;
}): Promise<Result<ConfigSource>> {
  const cwd = resolve(options.cwd);
  const file = options.configPath === undefined ? findConfigFile(cwd) : resolve(cwd, options.configPath);
  const read = file === undefined ? undefined : await readValue(file, options.once === true);
  if (read?.ok) return read;
  // Not found, unreadable, or a syntax/runtime error: the loader's own message says it best.
  const loaded = await loadConfig(options);
  if (!loaded.ok) return loaded;
  const issue: ConfigIssue = read?.issues[0] ?? { path: '', message: 'the config could not be read' };
  return { ok: false, issues: [issue] };
}

async function readValue(file: string, once: boolean): Promise<Result<ConfigSource>> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch {
    return { ok: false, issues: [] };
  }
  const ext = extname(file).toLowerCase();
  if (/^\.[mc]?[jt]s$/.test(ext)) {
    const module = once
      ? await (await import('../config/load-once.js')).importConfigOnce(file)
      : await importConfigModule(file);
    return module.issue
      ? { ok: false, issues: [module.issue] }
      : { ok: true, value: module.value, file, source };
  }
  // Only data files need the parser (and `yaml`, which it loads).
  const { parseDataFile } = await import('../config/load-data.js');
  const parsed = parseDataFile(
    file,
    source,
    ext === '.json' || basename(file) === 'package.json' ? 'json' : 'yaml',
  );
  if (parsed.issue) return { ok: false, issues: [parsed.issue] };
  const value =
    basename(file) === 'package.json' ? (parsed.value as { gateway?: unknown }).gateway : parsed.value;
  return { ok: true, value, file, source };
}
