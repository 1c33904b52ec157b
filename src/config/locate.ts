/**
 * Maps a key path (`routes[3].match.path`) to a line and column in the config's source, so
 * validation issues point at the file the way compiler errors do. JSON and YAML go through
 * `yaml`'s ranges; TS/JS through a small tolerant scanner (locate-script.ts) — no compiler.
 */
import { basename, extname } from 'node:path';
import { type ConfigIssue, parseKeyPath } from './issues.js';
import { locateInScript } from './locate-script.js';
import { locateInYaml } from './locate-yaml.js';

export type SourceFormat = 'script' | 'yaml';

/**
 * 1-based line and column of the key or array element at `path` in `source`, or `undefined`
 * when it cannot be found. `format` defaults to a guess from the text (an `export default`,
 * `defineConfig(` or `module.exports` means script; anything else is YAML/JSON).
 * @example locateKeyPath('{\n  "routes": []\n}', ['routes']) // { line: 2, column: 3 }
 */
export function locateKeyPath(
  source: string,
  path: readonly (string | number)[],
  format: SourceFormat = guessFormat(source),
): { line: number; column: number } | undefined {
  let offset: number | undefined;
  try {
    offset = format === 'script' ? locateInScript(source, path) : locateInYaml(source, path);
  } catch {
    // Locating is a courtesy: a source it cannot read means no position, never a crash.
    offset = undefined;
  }
  return offset === undefined ? undefined : positionOf(source, offset);
}

/**
 * Adds `file`, `line` and `column` to issues: each at its key path, else at the nearest enclosing
 * key that can be found (a missing key is reported where its parent is), else the file alone.
 * For `package.json`, paths are looked up under its `gateway` key.
 */
export function attachLocations(issues: readonly ConfigIssue[], file: string, source: string): ConfigIssue[] {
  const format = formatOf(file, source);
  const prefix = basename(file) === 'package.json' ? ['gateway'] : [];
  return issues.map((issue) => {
    if (issue.line !== undefined) return { ...issue, file: issue.file ?? file };
    const path = [...prefix, ...parseKeyPath(issue.path)];
    for (let length = path.length; length > 0; length--) {
      const position = locateKeyPath(source, path.slice(0, length), format);
      if (position) return { ...issue, file, line: position.line, column: position.column };
    }
    return { ...issue, file };
  });
}

/** `script` for .ts/.mts/.cts/.js/.mjs/.cjs files, `yaml` for .json/.yaml/.yml, a guess otherwise. */
export function formatOf(file: string, source: string): SourceFormat {
  const ext = extname(file).toLowerCase();
  if (/^\.[mc]?[jt]s$/.test(ext)) return 'script';
  if (['.json', '.yaml', '.yml'].includes(ext)) return 'yaml';
  return guessFormat(source);
}

function guessFormat(source: string): SourceFormat {
  return /\bexport\s+default\b|\bdefineConfig\s*\(|\bmodule\.exports\b/.test(source) ? 'script' : 'yaml';
}

function positionOf(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = source.indexOf('\n'); i !== -1 && i < offset; i = source.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
