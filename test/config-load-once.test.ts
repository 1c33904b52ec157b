import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { importConfigModule } from '../src/config/load-module.js';

// One-shot config import (lint, explain): Node's own type stripping where it can, tsx otherwise,
// with the same value and the same issues as tsx gives. This test process runs under tsx, whose
// hooks would transform any import, so the one-shot import runs in a plain `node` child, from
// dist/ (CI builds before it tests).

const LOAD_ONCE = pathToFileURL(resolve('dist/config/load-once.js')).href;

/** `importConfigOnce(file)` in a plain node process: its result as JSON, and whether tsx was used. */
function importOnce(file: string): { value: unknown; issue: unknown; tsx: boolean } {
  const script = `
    import { registerHooks } from 'node:module';
    let tsx = false;
    registerHooks({ resolve(specifier, context, next) {
      const resolved = next(specifier, context);
      if (resolved.url.includes('/node_modules/tsx/')) tsx = true;
      return resolved;
    } });
    const { importConfigOnce } = await import(${JSON.stringify(LOAD_ONCE)});
    const { value, issue } = await importConfigOnce(${JSON.stringify(file)});
    const json = (v) => JSON.parse(JSON.stringify(v ?? null, (_k, x) => (x instanceof RegExp ? String(x) : x)));
    console.log(JSON.stringify({ value: json(value), issue: json(issue), tsx }));
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.is(child.status, 0, child.stderr);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!);
}

/** What tsx gives, in the same JSON form. */
async function viaTsx(file: string): Promise<{ value: unknown; issue: unknown }> {
  const { value, issue } = await importConfigModule(file);
  const json = (v: unknown) =>
    JSON.parse(JSON.stringify(v ?? null, (_k, x) => (x instanceof RegExp ? String(x) : x)));
  return { value: json(value), issue: json(issue) };
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gw-once-'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

test('the example config: imported by Node itself, the same value as through tsx', async () => {
  const file = resolve('gateway.config.example.ts');
  const once = importOnce(file);
  assert.equal({ value: once.value, issue: once.issue }, await viaTsx(file));
  assert.is(once.issue, null);
  assert.is(once.tsx, false, 'no tsx');
});

const fallbacks: Record<string, Record<string, string>> = {
  'an enum (not erasable)': {
    'gateway.config.ts':
      "enum Port { Web = 4000 }\nexport default { upstreams: { a: 'http://127.0.0.1:' + Port.Web } };\n",
  },
  'an import naming ./routes.js for routes.ts': {
    'routes.ts': 'export const routes: unknown[] = [];\n',
    'gateway.config.ts': "import { routes } from './routes.js';\nexport default { routes };\n",
  },
  'a JSON import without an import attribute': {
    'upstreams.json': '{ "a": "http://127.0.0.1:4000" }',
    'gateway.config.ts': "import upstreams from './upstreams.json';\nexport default { upstreams };\n",
  },
};

for (const [name, files] of Object.entries(fallbacks)) {
  test(`falls back to tsx for ${name}`, async () => {
    const file = join(project(files), 'gateway.config.ts');
    const once = importOnce(file);
    assert.equal({ value: once.value, issue: once.issue }, await viaTsx(file));
    assert.is(once.issue, null);
    assert.is(once.tsx, true, 'through tsx');
  });
}

test('a config function: called, sync or async', async () => {
  const file = join(
    project({ 'gateway.config.ts': 'export default async (): Promise<object> => ({ routes: [] });\n' }),
    'gateway.config.ts',
  );
  assert.equal(importOnce(file), { value: { routes: [] }, issue: null, tsx: false });
});

const errors: Record<string, string> = {
  'a syntax error': 'export default { routes: [ };\n',
  'a runtime error': "const port: number = 1;\nthrow new Error('boom ' + port);\nexport default {};\n",
  'no default export': 'export const config = {};\n',
  'a missing module': "import { x } from './nope.js';\nexport default { x };\n",
};

for (const [name, text] of Object.entries(errors)) {
  test(`${name}: the same issue as through tsx`, async () => {
    const file = join(project({ 'gateway.config.ts': text }), 'gateway.config.ts');
    const once = importOnce(file);
    assert.ok(once.issue);
    assert.equal({ value: once.value, issue: once.issue }, await viaTsx(file));
  });
}

test.run();
