/**
 * Importing a TS/JS config for a process that loads it once and exits (`gateway lint`,
 * `gateway explain`): Node strips the types itself where it can (Node ≥ 22.18 / 24.3, no
 * warning), which skips registering tsx's hooks and loading esbuild — about 60 ms of a 300 ms
 * run. Anything Node cannot load that way (tsconfig `paths`, `./x.js` naming `x.ts`, enums, a JSON
 * import without `with { type: 'json' }`, a file in node_modules) fails before the config runs,
 * and goes to tsx exactly as `gateway dev` loads it; so does a config that throws, so every error
 * is worded the same way (its code then runs twice). Modules are not imported fresh: a long-lived
 * process (dev's live reload) must use `importConfigModule`.
 */
import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importConfigModule, type LoadedModule } from './load-module.js';

/** Imports `file` (absolute) once: natively when Node can, else through tsx. */
export async function importConfigOnce(file: string): Promise<LoadedModule> {
  if (nodeStripsTypes() || /^\.[mc]?js$/i.test(extname(file))) {
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
