import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ConfigIssue } from '../src/config/issues.js';
import { loadConfig } from '../src/config/load.js';

const folders: string[] = [];

/** A fresh folder with these files; ESM unless package.json says otherwise. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-config-'));
  folders.push(dir);
  for (const [name, text] of Object.entries({ 'package.json': '{ "type": "module" }', ...files })) {
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function issuesOf(options: Parameters<typeof loadConfig>[0]): Promise<readonly ConfigIssue[]> {
  const result = await loadConfig(options);
  assert.not.ok(result.ok, 'expected the config not to load');
  return result.ok ? [] : result.issues;
}

test('a .ts config and the module it imports are re-read on every load', async () => {
  const dir = project({
    'upstreams.ts': `export const users = 'http://127.0.0.1:4101';\n`,
    'gateway.config.ts': [
      `import { users } from './upstreams.js';`,
      `export default {`,
      `  upstreams: { users, products: { protocol: 'grpc' as const, targets: ['grpc://127.0.0.1:50051'], grpc: { protos: ['shop.proto'] } } },`,
      `  routes: [{ name: 'users', match: { path: '/users/**' }, upstream: 'users' }],`,
      `};`,
    ].join('\n'),
  });
  const first = await loadConfig({ cwd: dir });
  assert.ok(first.ok);
  assert.is(first.ok && first.config.upstreams.users!.targets[0]!.id, '127.0.0.1:4101');
  assert.equal(first.ok && first.dependencies, [
    join(dir, 'gateway.config.ts'),
    join(dir, 'upstreams.ts'),
    join(dir, 'shop.proto'),
  ]);
  writeFileSync(join(dir, 'upstreams.ts'), `export const users = 'http://127.0.0.1:4999';\n`);
  const second = await loadConfig({ cwd: dir });
  assert.is(second.ok && second.config.upstreams.users!.targets[0]!.id, '127.0.0.1:4999');
});

test('the default export may be a function, sync or async', async () => {
  const dir = project({
    'gateway.config.mjs': `export default async () => ({ server: { port: 9000 }, routes: [] });\n`,
  });
  const result = await loadConfig({ cwd: dir });
  assert.is(result.ok && result.config.server.port, 9000);
  assert.is(result.ok && result.file, join(dir, 'gateway.config.mjs'));
});

test('JSON, YAML, .gatewayrc and package.json configs', async () => {
  const routes = [{ name: 'h', match: { path: '/health' }, respond: 'health' }];
  const json = project({ 'gateway.config.json': JSON.stringify({ server: { port: 1 }, routes }) });
  const yaml = project({
    'gateway.config.yaml': `server:\n  port: 2\nroutes:\n  - name: h\n    match: { path: /health }\n    respond: health\n`,
  });
  const rc = project({ '.gatewayrc': `server: { port: 3 }\nroutes: []\n` });
  const pkg = project({
    'package.json': JSON.stringify({ name: 'app', gateway: { server: { port: 4 }, routes } }),
  });
  for (const [dir, port] of [
    [json, 1],
    [yaml, 2],
    [rc, 3],
    [pkg, 4],
  ] as const) {
    const result = await loadConfig({ cwd: dir });
    assert.is(result.ok && result.config.server.port, port, dir);
  }
});

test('validation issues carry the file, line and column of the key', async () => {
  const dir = project({
    'gateway.config.yaml': `upstreams:\n  orders: http://127.0.0.1:4201\nroutes:\n  - name: orders\n    match:\n      path: orders\n    upstream: order\n`,
  });
  const file = join(dir, 'gateway.config.yaml');
  assert.equal(await issuesOf({ cwd: dir }), [
    {
      path: 'routes[0].match.path',
      message: 'expected a path starting with "/", found "orders"',
      file,
      line: 6,
      column: 7,
    },
  ]);
  writeFileSync(
    file,
    `upstreams:\n  orders: http://127.0.0.1:4201\nroutes:\n  - name: orders\n    match:\n      path: /orders\n    upstream: order\n`,
  );
  assert.equal(await issuesOf({ cwd: dir }), [
    {
      path: 'routes[0].upstream',
      message: '"order" is not defined — did you mean "orders"?',
      file,
      line: 7,
      column: 5,
    },
  ]);
});

test('a syntax error in a .ts config is an issue with its line and column', async () => {
  const dir = project({
    'gateway.config.ts': `export default {\n  routes: [\n    { name: 'a' }\n    { name: 'b' }\n  ],\n};\n`,
  });
  const [issue] = await issuesOf({ cwd: dir });
  assert.equal(issue, {
    path: '',
    message: 'syntax error: Expected "]" but found "{"',
    file: join(dir, 'gateway.config.ts'),
    line: 4,
    column: 5,
  });
});

test('a runtime error is an issue at the line that threw', async () => {
  const dir = project({
    'gateway.config.ts': `const env: Record<string, string> | undefined = undefined;\nexport default {\n  routes: env!.ROUTES,\n};\n`,
  });
  const [issue] = await issuesOf({ cwd: dir });
  assert.is(issue!.file, join(dir, 'gateway.config.ts'));
  assert.is(issue!.line, 3);
  assert.match(issue!.message, /^TypeError: Cannot read properties of undefined/);
});

test('an import that does not resolve is reported at the import', async () => {
  const dir = project({
    'gateway.config.ts': `// routes live elsewhere\nimport { routes } from './routes.js';\nexport default { routes };\n`,
  });
  assert.equal(await issuesOf({ cwd: dir }), [
    {
      path: '',
      message: 'cannot find module "./routes.js"',
      file: join(dir, 'gateway.config.ts'),
      line: 2,
      column: 24,
    },
  ]);
});

test('syntax errors in JSON and YAML have positions too', async () => {
  const json = project({ 'gateway.config.json': `{\n  "routes": [\n}\n` });
  const [jsonIssue] = await issuesOf({ cwd: json });
  assert.equal([jsonIssue!.line, jsonIssue!.column], [3, 1]);
  const yaml = project({ 'gateway.config.yaml': `routes:\n  - name: a\n   bad: [\n` });
  const [yamlIssue] = await issuesOf({ cwd: yaml });
  assert.ok(yamlIssue!.line !== undefined && yamlIssue!.line >= 2, JSON.stringify(yamlIssue));
});

test('no config: one issue that says where it looked and what to run', async () => {
  const dir = project({});
  const [issue] = await issuesOf({ cwd: dir });
  assert.is(issue!.path, '');
  assert.ok(
    issue!.message.startsWith(`no config found in ${dir} (looked for gateway.config.ts, gateway.config.mts,`),
  );
  assert.ok(issue!.message.endsWith('— run `gateway init` to write one, or `gateway dev --demo`'));
  const [missing] = await issuesOf({ cwd: dir, configPath: 'nope.ts' });
  assert.equal(missing, {
    path: '',
    message: 'cannot read the config: no such file',
    file: join(dir, 'nope.ts'),
  });
});

test("the repository's example config loads (it imports defineConfig from 'gateway')", async () => {
  const result = await loadConfig({ cwd: process.cwd(), configPath: 'gateway.config.example.ts' });
  assert.ok(result.ok, JSON.stringify(!result.ok && result.issues));
  assert.ok(result.ok && result.config.routes.length > 0);
});

test.after(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

test.run();
