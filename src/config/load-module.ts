/**
 * Imports a TS/JS config module through tsx, fresh every time: `tsImport` gives each call its own
 * module namespace, so a reload re-reads the config file AND every module it imports (Node's
 * module cache would otherwise keep the old ones). tsx itself is imported lazily, on first use.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ConfigIssue } from './issues.js';

export interface LoadedModule {
  /** The default export, called when it is a function (sync or async); `undefined` after an error. */
  readonly value: unknown;
  /** Why the module could not be loaded, with file, line and column where known. */
  readonly issue: ConfigIssue | undefined;
  /** Absolute paths of the local modules that were imported, the config file first (also after an error). */
  readonly imported: readonly string[];
}

const require = createRequire(import.meta.url);

/** This package's own files: a config importing `gateway` reaches them, but they are not the user's. */
const ownRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ownFolders = [join(ownRoot, 'src') + sep, join(ownRoot, 'dist') + sep];

/** Imports `file` and returns its default export, or the error as an issue. */
export async function importConfigModule(file: string): Promise<LoadedModule> {
  const imported: string[] = [file];
  const onImport = (url: string) => {
    if (!url.startsWith('file:')) return;
    const path = fileURLToPath(url.split('?')[0]!);
    if (path.includes(`${sep}node_modules${sep}`) || ownFolders.some((folder) => path.startsWith(folder)))
      return;
    if (!imported.includes(path)) imported.push(path);
  };
  const cjsBefore = purgeCommonJsConfigModules();
  try {
    const { tsImport } = await import('tsx/esm/api');
    const tsconfig = findTsconfig(dirname(file));
    const module = await tsImport(pathToFileURL(file).href, {
      parentURL: import.meta.url,
      onImport,
      // The config's own project decides `paths` (this repo maps `gateway` to src/index.ts).
      tsconfig: tsconfig ?? false,
    });
    for (const path of commonJsModulesSince(cjsBefore)) onImport(pathToFileURL(path).href);
    // A .ts file in a package without "type": "module" is compiled to CommonJS, whose
    // `export default` arrives wrapped once more.
    const exported = unwrapCommonJsDefault(module?.default);
    if (exported === undefined) {
      const message = 'the config has no default export — write `export default defineConfig({ … })`';
      return { value: undefined, issue: { path: '', message, file }, imported };
    }
    const value = typeof exported === 'function' ? await exported() : exported;
    return { value, issue: undefined, imported };
  } catch (error) {
    return { value: undefined, issue: issueFromLoadError(error, file, imported), imported };
  }
}

/**
 * tsx loads CommonJS configs through `require`, whose cache outlives tsx's per-import namespace:
 * without this purge, a reload would see the config's old imports. Returns the keys left.
 */
function purgeCommonJsConfigModules(): Set<string> {
  for (const key of Object.keys(require.cache)) if (key.includes('?namespace=')) delete require.cache[key];
  return new Set(Object.keys(require.cache));
}

/** Files `require`d (through tsx) since `before`: onImport does not see CommonJS loads. */
function commonJsModulesSince(before: ReadonlySet<string>): string[] {
  return Object.keys(require.cache)
    .filter((key) => !before.has(key) && key.includes('?namespace='))
    .map((key) => key.split('?')[0]!);
}

function unwrapCommonJsDefault(exported: unknown): unknown {
  if (
    typeof exported === 'object' &&
    exported !== null &&
    (exported as { __esModule?: boolean }).__esModule
  ) {
    return (exported as { default?: unknown }).default;
  }
  return exported;
}

function findTsconfig(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * A load error as an issue with the file, line and column where they are known: esbuild's
 * syntax errors carry `file:line:col` in the message; runtime errors in the stack.
 */
export function issueFromLoadError(
  error: unknown,
  file: string,
  localFiles: readonly string[] = [file],
): ConfigIssue {
  const err = error instanceof Error ? error : new Error(String(error));
  const syntax = /^(.+?):(\d+):(\d+): ERROR: (.+)$/m.exec(err.message);
  if (syntax) {
    // esbuild's columns are 0-based.
    // tsx compiles a .ts/.js file in a package without "type": "module" to CommonJS.
    const hint = /with the "cjs" output format/.test(syntax[4]!)
      ? ' — name the config gateway.config.mts, or add "type": "module" to package.json'
      : '';
    return {
      path: '',
      message: `syntax error: ${syntax[4]}${hint}`,
      file: syntax[1]!,
      line: Number(syntax[2]),
      column: Number(syntax[3]) + 1,
    };
  }
  const message = `${err.name === 'Error' ? '' : `${err.name}: `}${err.message.split('\n')[0]}`;
  const code = (err as { code?: string }).code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND')
    return missingModuleIssue(err, file, localFiles);
  const frame = firstLocalFrame(err.stack ?? '', localFiles.length > 0 ? localFiles : [file]);
  return { path: '', message, file: frame?.file ?? file, line: frame?.line, column: frame?.column };
}

function firstLocalFrame(
  stack: string,
  files: readonly string[],
): { file: string; line: number; column: number } | undefined {
  const framePattern = /(?:\(|at )((?:file:\/\/)?\/[^\s()]*?|[A-Za-z]:\\[^\s()]*?):(\d+):(\d+)\)?$/gm;
  let fallback: { file: string; line: number; column: number } | undefined;
  for (const match of stack.matchAll(framePattern)) {
    const raw = match[1]!.split('?')[0]!;
    const path = raw.startsWith('file:') ? fileURLToPath(raw) : raw;
    const frame = { file: path, line: Number(match[2]), column: Number(match[3]) };
    if (files.includes(path)) return frame;
    if (!fallback && !path.includes(`${sep}node_modules${sep}`) && !path.startsWith('node:'))
      fallback = frame;
  }
  return fallback;
}

/** An import that does not resolve: reported at the import in the importing file, with a hint for `gateway`. */
function missingModuleIssue(err: Error, file: string, localFiles: readonly string[]): ConfigIssue {
  const specifier = /Cannot find (?:module|package) '([^']+)'/.exec(err.message)?.[1];
  const importer =
    /imported from (\S+)/.exec(err.message)?.[1] ?? /Require stack:\n- (\S+)/.exec(err.message)?.[1] ?? file;
  const importerPath = importer.startsWith('file:') ? fileURLToPath(importer) : importer.split('?')[0]!;
  // ESM errors name the resolved path; the source has what the user wrote (`./routes.js`).
  const written = specifier?.startsWith('/') ? `./${relative(dirname(importerPath), specifier)}` : specifier;
  const candidates = written === undefined ? [] : [written, written.replace(/\.[cm]?[jt]s$/, '')];
  const where = localFiles.includes(importerPath) ? findImport(importerPath, candidates) : undefined;
  const hint =
    specifier === 'gateway'
      ? ' — install gateway in this project (npm install --save-dev gateway) so the config can import defineConfig, or export a plain object without the import'
      : '';
  return {
    path: '',
    message: `cannot find module ${JSON.stringify(where?.specifier ?? specifier ?? '?')}${hint}`,
    file: importerPath,
    line: where?.line,
    column: where?.column,
  };
}

/** Where one of `specifiers` is written, quoted, in `file`. */
function findImport(
  file: string,
  specifiers: readonly string[],
): { specifier: string; line: number; column: number } | undefined {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  for (const specifier of specifiers) {
    const offset = [`'${specifier}'`, `"${specifier}"`]
      .map((quoted) => source.indexOf(quoted))
      .find((at) => at >= 0);
    if (offset === undefined) continue;
    const before = source.slice(0, offset);
    return { specifier, line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
  }
  return undefined;
}
