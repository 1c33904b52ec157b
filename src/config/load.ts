/**
 * `loadConfig`: finds the config file (cosmiconfig), loads it (tsx for TS/JS, `yaml` for YAML,
 * JSON.parse for JSON), resolves it, and gives every issue a file, line and column where it can.
 * A reload is just another call: modules are imported fresh each time.
 * cosmiconfig, the data-file parser (`yaml`) and the locator are imported when first needed:
 * `gateway lint` and `explain` start in a few hundred milliseconds, and each module counts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Loader } from 'cosmiconfig';
import { referencedFiles } from './dependencies.js';
import type { ConfigIssue, Result } from './issues.js';
import { importConfigModule } from './load-module.js';
import { resolveConfig } from './resolve.js';
import type { ResolvedConfig } from './resolved.js';

/** Where the config is looked for, in this order, in the current folder only. */
export const CONFIG_SEARCH_PLACES = [
  'gateway.config.ts',
  'gateway.config.mts',
  'gateway.config.js',
  'gateway.config.mjs',
  'gateway.config.json',
  'gateway.config.yaml',
  'gateway.config.yml',
  '.gatewayrc',
  '.gatewayrc.json',
  '.gatewayrc.yaml',
  '.gatewayrc.yml',
  'package.json',
] as const;

/**
 * The file `loadConfig` would pick in `cwd` without `--config`: the first search place that
 * exists (package.json only when it has a `gateway` key). `undefined` when there is none.
 */
export function findConfigFile(cwd: string): string | undefined {
  for (const place of CONFIG_SEARCH_PLACES) {
    const file = join(cwd, place);
    if (!existsSync(file)) continue;
    if (place !== 'package.json') return file;
    try {
      if ((JSON.parse(readFileSync(file, 'utf8')) as { gateway?: unknown }).gateway !== undefined)
        return file;
    } catch {
      // An unreadable package.json holds no gateway config.
    }
  }
  return undefined;
}

export interface LoadOptions {
  /** Folder to search in, and that a relative `configPath` is resolved against. */
  readonly cwd: string;
  /** An explicit config file (`-c, --config`); no search when given. */
  readonly configPath?: string;
  readonly env?: NodeJS.ProcessEnv;
  /**
   * The process loads the config once and exits (lint, explain): a TS/JS config may be imported
   * by Node itself instead of tsx (load-once.ts). Never for live reload. @default false
   */
  readonly once?: boolean;
}

export interface LoadedConfig {
  readonly config: ResolvedConfig;
  /** Absolute path of the config file. */
  readonly file: string;
  /** The config file, the local modules it imports, and the files it references (protos, keys, …). */
  readonly dependencies: readonly string[];
}

/** What a loader hands back through cosmiconfig (package.json's loader returns plain data instead). */
interface Loaded {
  readonly [LOADED]: true;
  readonly value: unknown;
  readonly source: string;
  readonly issue: ConfigIssue | undefined;
  readonly imported: readonly string[];
}
const LOADED = Symbol('gateway.loaded');

/**
 * Finds, loads and resolves the config. Never throws for a bad config: a missing file, a syntax
 * or runtime error, and validation problems all come back as `{ ok: false, issues }`.
 * @example
 * const result = await loadConfig({ cwd: process.cwd() });
 * if (!result.ok) for (const i of result.issues) console.error(`${i.file}:${i.line}:${i.column} ${i.path}: ${i.message}`);
 */
export async function loadConfig(options: LoadOptions): Promise<Result<LoadedConfig>> {
  const cwd = resolve(options.cwd);
  const { cosmiconfig } = await import('cosmiconfig');
  const explorer = cosmiconfig('gateway', {
    searchPlaces: [...CONFIG_SEARCH_PLACES],
    searchStrategy: 'none',
    ignoreEmptySearchPlaces: false,
    cache: false,
    loaders: {
      '.ts': scriptLoader(options.once),
      '.mts': scriptLoader(options.once),
      '.js': scriptLoader(options.once),
      '.mjs': scriptLoader(options.once),
      '.json': jsonLoader,
      '.yaml': yamlLoader,
      '.yml': yamlLoader,
      noExt: yamlLoader,
    },
  });
  const wanted = options.configPath === undefined ? undefined : resolve(cwd, options.configPath);
  let found: { config: unknown; filepath: string; isEmpty?: boolean } | null;
  try {
    found = wanted === undefined ? await explorer.search(cwd) : await explorer.load(wanted);
  } catch (error) {
    const file = (error as { filepath?: string }).filepath ?? wanted ?? cwd;
    const issue = (error as { issue?: ConfigIssue }).issue;
    if (issue) return failure([issue]);
    const reason = (error as { code?: string }).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    return failure([{ path: '', message: `cannot read the config: ${reason}`, file }]);
  }
  if (found === null) return failure([{ path: '', message: notFoundMessage(cwd) }]);
  const file = found.filepath;
  if (found.isEmpty)
    return failure([
      { path: '', message: 'the config file is empty — run `gateway init` for a starter config', file },
    ]);
  const loaded = isLoaded(found.config) ? found.config : await packageJsonEntry(file, found.config);
  if (loaded.issue) return failure([{ ...loaded.issue, file: loaded.issue.file ?? file }]);
  const result = resolveConfig(loaded.value, { file, dir: resolve(file, '..'), env: options.env });
  if (!result.ok) {
    const { attachLocations } = await import('./locate.js');
    return failure(attachLocations(result.issues, file, loaded.source));
  }
  const dependencies = [...new Set([file, ...loaded.imported, ...referencedFiles(result.config)])];
  return { ok: true, config: result.config, file, dependencies };
}

function failure(issues: readonly ConfigIssue[]): Result<LoadedConfig> {
  return { ok: false, issues };
}

function notFoundMessage(cwd: string): string {
  const files = CONFIG_SEARCH_PLACES.filter((place) => place !== 'package.json').join(', ');
  return `no config found in ${cwd} (looked for ${files} and a "gateway" key in package.json) — run \`gateway init\` to write one, or \`gateway dev --demo\``;
}

function isLoaded(value: unknown): value is Loaded {
  return typeof value === 'object' && value !== null && LOADED in value;
}

function scriptLoader(once: boolean | undefined): Loader {
  return async (filepath, content) => {
    const module = once
      ? await (await import('./load-once.js')).importConfigOnce(filepath)
      : await importConfigModule(filepath);
    return {
      [LOADED]: true,
      value: module.value,
      source: content,
      issue: module.issue,
      imported: module.imported,
    } satisfies Loaded;
  };
}

function dataLoader(format: 'json' | 'yaml'): Loader {
  return async (filepath, content) => {
    const { parseDataFile } = await import('./load-data.js');
    const parsed = parseDataFile(filepath, content, format);
    // cosmiconfig takes package.json's `gateway` key itself, so it needs the plain data.
    if (basename(filepath) === 'package.json') {
      if (parsed.issue) throw Object.assign(new Error(parsed.issue.message), { issue: parsed.issue });
      return parsed.value;
    }
    return {
      [LOADED]: true,
      value: parsed.value,
      source: content,
      issue: parsed.issue,
      imported: [filepath],
    } satisfies Loaded;
  };
}
const jsonLoader = dataLoader('json');
const yamlLoader = dataLoader('yaml');

/** package.json's `gateway` key, with the file's text for locating issues. */
async function packageJsonEntry(file: string, value: unknown): Promise<Loaded> {
  return { [LOADED]: true, value, source: await readFile(file, 'utf8'), issue: undefined, imported: [file] };
}
