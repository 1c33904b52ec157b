/**
 * Importing a TS/JS config for a process that loads it once and exits (`gateway lint`,
 * `gateway explain`): Node strips the types itself where it can (Node ≥ 22.18 / 24.3, no
 * warning), which skips registering tsx's hooks and loading esbuild — about 60 ms of a 300 ms
 * run. Anything Node cannot load that way (tsconfig `paths`, `./x.js` naming `x.ts`, enums, a JSON
 * import without `with { type: 'json' }`, a file in node_modules) fails before the config runs,
 * and goes to tsx exactly as `gateway dev` loads it; so does a config that throws, so every error
 * is worded the same way (its code then runs twice). Modules are not imported fresh: a long-lived
 * process (dev's live reload) must use `importConfigModule`.
 *
 * Node imports a file itself only when its module type is written down (`.mjs`/`.mts`/`.cjs`/
 * `.cts`, or a package.json `"type"`): a `.ts`/`.js` config in a package without `"type"` (npm's
 * default) would make Node guess, and it warns on stderr when it guesses ESM
 * (MODULE_TYPELESS_PACKAGE_JSON). tsx loads those silently.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importConfigModule, type LoadedModule } from './load-module.js';

/** Imports `file` (absolute) once: natively when Node can, else through tsx. */
export async function importConfigOnce(file: string): Promise<LoadedModule> {
  const extension = extname(file).toLowerCase();
  if ((nodeStripsTypes() || /^\.[mc]?js$/.test(extension)) && hasKnownModuleType(file, extension)) {
    try {
      const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
      const exported = unwrapCommonJsDefault(module.default);
      if (exported !== undefined) {
        const value = typeof exported === 'function' ? await exported() : exported;
        return { value, issue: undefined, imported: [file] };
      }
    } catch {
      // tsx loads it, or reports why not in the words every command uses.
    }
  }
  return importConfigModule(file);
}

/** The extension or the nearest package.json says whether `file` is ESM or CommonJS. */
function hasKnownModuleType(file: string, extension: string): boolean {
  if (/^\.[mc][jt]s$/.test(extension)) return true;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const type = (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type;
        return type === 'module' || type === 'commonjs';
      } catch {
        return false;
      }
    }
    if (dirname(dir) === dir) return false;
  }
}

/** Type stripping on by default and without an ExperimentalWarning: 22.18+ on 22, 24.3+ after. */
function nodeStripsTypes(): boolean {
  if (!(process.features as { typescript?: string | false }).typescript) return false;
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return major === 22 ? minor >= 18 : major > 24 || (major === 24 && minor >= 3);
}

// As load-module.ts: a CommonJS config's `export default` arrives wrapped once more.
function unwrapCommonJsDefault(exported: unknown): unknown {
  if (typeof exported === 'object' && exported !== null && (exported as { __esModule?: boolean }).__esModule)
    return (exported as { default?: unknown }).default;
  return exported;
}
