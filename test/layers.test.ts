/**
 * Imports only point down (docs/architecture.md, "Layers"): a module in src/ may import from its
 * own folder and from any folder in a lower layer, never from a higher layer nor from a sibling in
 * its own. Static imports, `export … from` and `import('…')` with a literal are all read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

/** Top to bottom. Each entry is a folder, or a top-level module without its extension, in src/. */
const LAYERS: readonly (readonly string[])[] = [
  ['cli', 'index'], // entry points: the CLI wiring and the package's public API
  ['commands'], // one file per subcommand
  ['ui'], // the terminal UI, which displays Decisions and events
  ['har', 'tracing'], // traffic taken away: HAR files, spans over OTLP
  ['testing', 'lint', 'log'], // route tests, config checks, the access log
  ['proxy'], // executes Decisions on sockets
  ['reload', 'health', 'protocols', 'metrics'], // live reload, active health checks, gRPC/SOAP calls, Prometheus metrics
  ['events'], // the event bus's types
  ['format'], // text formatting shared by everything above
  ['pipeline'], // THE pure pipeline: normalize → match → … → transform, and its bookkeeping
  ['config'], // load, validate and resolve the user's config
];

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/** The layer index of a path relative to src/ (`pipeline/decide.ts` → 8), or -1 when unplaced. */
function layerOf(path: string): number {
  const top = path.split(sep)[0]!.replace(/\.[jt]sx?$/, '');
  return LAYERS.findIndex((layer) => layer.includes(top));
}

/** Relative specifiers in a module's source. */
function importsOf(source: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]+)\1/gm;
  for (const match of source.matchAll(pattern)) found.push(match[2]!);
  return found;
}

/** `from → to` for every import that points up, or sideways into a sibling of the same layer. */
function wrongWayImports(files: Readonly<Record<string, string>>): string[] {
  const wrong: string[] = [];
  for (const [file, source] of Object.entries(files)) {
    const from = layerOf(file);
    for (const specifier of importsOf(source)) {
      const target = normalize(join(dirname(file), specifier));
      if (target.startsWith('..')) continue; // outside src/ (fixtures, package.json)
      const sameTop = target.split(sep)[0] === file.split(sep)[0];
      if (!sameTop && layerOf(target) <= from) wrong.push(`${file} → ${target}`);
    }
  }
  return wrong;
}

function sourceFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(SRC, path)] = readFileSync(path, 'utf8');
  }
  return files;
}

test('every folder and top-level file in src/ has a layer', () => {
  const unplaced = readdirSync(SRC).filter((name) => layerOf(name) === -1);
  assert.equal(unplaced, [], 'add them to LAYERS here and to docs/architecture.md');
});

test('the check finds an upward import, a sideways one, and lets downward ones through', () => {
  const wrong = wrongWayImports({
    'pipeline/balance/pools.ts': `import { recordProbe } from '../../health/thresholds.js';`,
    'log/index.ts': `import type { Output } from '../commands/io.js';\nimport { colors } from '../format/color.js';`,
    'testing/run.ts': `const lint = await import('../lint/index.js');`,
    'commands/dev.ts': `export { attachAccessLog } from '../log/index.js';\nimport './io.js';`,
  });
  assert.equal(wrong, [
    'pipeline/balance/pools.ts → health/thresholds.js',
    'log/index.ts → commands/io.js',
    'testing/run.ts → lint/index.js',
  ]);
});

test('imports in src/ only point down', () => {
  assert.equal(wrongWayImports(sourceFiles(SRC)), []);
});

test.run();
