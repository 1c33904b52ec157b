/**
 * Reads the config as written — the value and its source text — without resolving it. Lint
 * needs the raw value: a config with a misspelt upstream does not resolve, yet lint must still
 * report that (with a rule id) and check everything else. Finding and importing the file reuse
 * the loader's pieces; when reading fails, `loadConfig` itself reports why, so every command
 * words the same failure the same way.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import type { ConfigIssue, Result } from '../config/issues.js';
import { CONFIG_SEARCH_PLACES, loadConfig } from '../config/load.js';
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
  const file = options.configPath === undefined ? await findConfig(cwd) : resolve(cwd, options.configPath);
  const read = file === undefined ? undefined : await readValue(file, options.once === true);
  if (read?.ok) return read;
  // Not found, unreadable, or a syntax/runtime error: the loader's own message says it best.
  const loaded = await loadConfig(options);
  if (!loaded.ok) return loaded;
  const issue: ConfigIssue = read?.issues[0] ?? { path: '', message: 'the config could not be read' };
  return { ok: false, issues: [issue] };
}

async function findConfig(cwd: string): Promise<string | undefined> {
  for (const place of CONFIG_SEARCH_PLACES) {
    const file = join(cwd, place);
    if (!existsSync(file)) continue;
    if (place !== 'package.json') return file;
    try {
      if ((JSON.parse(await readFile(file, 'utf8')) as { gateway?: unknown }).gateway !== undefined)
        return file;
    } catch {
      // An unreadable package.json has no gateway key to find.
    }
  }
  return undefined;
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
