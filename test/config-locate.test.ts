import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseKeyPath } from '../src/config/issues.js';
import { attachLocations, locateKeyPath } from '../src/config/locate.js';

/** The 1-based position of the first occurrence of `needle` (after `after`, when given). */
function positionOf(source: string, needle: string, after = ''): { line: number; column: number } {
  const offset = source.indexOf(needle, after ? source.indexOf(after) : 0);
  assert.ok(offset >= 0, `${needle} not in source`);
  const before = source.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

const ts = `import { defineConfig } from 'gateway';
import { users } from './upstreams.js';

// Braces in comments { [ and strings must not confuse the scanner: '}'
const base = \`/api/\${['v1'].join('')}/{x}\`;
const slash = /[{}]\\/+/g;

export default defineConfig({
  upstreams: {
    users,
    'orders-v2': { targets: ['http://127.0.0.1:4201', { url: 'http://127.0.0.1:4202', weight: 2 }] },
  },
  routes: [
    { name: 'users', match: { path: '/users/**', headers: { 'x-v': /^2\\./ } }, upstream: 'users' },
    {
      name: "orders", // a comment } ]
      match: { path: \`\${base}/orders\` },
      upstream: 'order',
    },
  ],
});
`;

test('TS: keys and array elements inside defineConfig({...})', () => {
  assert.equal(locateKeyPath(ts, ['upstreams']), positionOf(ts, 'upstreams: {'));
  assert.equal(locateKeyPath(ts, ['upstreams', 'users']), positionOf(ts, 'users,'));
  assert.equal(
    locateKeyPath(ts, ['upstreams', 'orders-v2', 'targets', 1, 'weight']),
    positionOf(ts, 'weight'),
  );
  assert.equal(locateKeyPath(ts, ['routes', 0, 'match', 'headers', 'x-v']), positionOf(ts, "'x-v'"));
  assert.equal(locateKeyPath(ts, ['routes', 1]), { line: 15, column: 5 });
  assert.equal(locateKeyPath(ts, ['routes', 1, 'upstream']), positionOf(ts, "upstream: 'order'"));
  assert.equal(locateKeyPath(ts, ['routes', 2]), undefined);
  assert.equal(
    locateKeyPath(ts, ['upstreams', 'users', 'targets']),
    undefined,
    'a shorthand property has no literal to enter',
  );
});

test('TS: export default of a const, and of a function returning the object', () => {
  const viaConst = `const config: UserConfig = {\n  routes: [{ name: 'a' }],\n};\nexport default config;\n`;
  assert.equal(locateKeyPath(viaConst, ['routes', 0, 'name']), { line: 2, column: 14 });
  const viaFunction = `export default async () => {\n  const x = { routes: 1 };\n  return { routes: [{ name: 'a' }] };\n};\n`;
  assert.equal(locateKeyPath(viaFunction, ['routes', 0, 'name']), { line: 3, column: 23 });
});

test('JSON (read as YAML) and YAML', () => {
  const json = `{\n  "upstreams": { "users": "http://127.0.0.1:4101" },\n  "routes": [\n    { "name": "users", "match": { "path": "users" } }\n  ]\n}\n`;
  assert.equal(locateKeyPath(json, ['routes', 0, 'match', 'path']), positionOf(json, '"path"'));
  assert.equal(locateKeyPath(json, ['upstreams', 'users']), { line: 2, column: 18 });
  const yaml = `upstreams:\n  users: http://127.0.0.1:4101\nroutes:\n  - name: users\n    match:\n      path: users\n  - name: orders\n    upstream: order\n`;
  assert.equal(locateKeyPath(yaml, ['routes', 0, 'match', 'path']), { line: 6, column: 7 });
  assert.equal(locateKeyPath(yaml, ['routes', 1, 'upstream']), { line: 8, column: 5 });
  assert.equal(locateKeyPath(yaml, ['routes', 5]), undefined);
});

test('attachLocations falls back to the nearest key it can find', () => {
  const yaml = `routes:\n  - name: users\n    match:\n      path: /users\n`;
  const [issue] = attachLocations(
    [{ path: 'routes[0].upstream', message: 'missing' }],
    '/x/gateway.config.yaml',
    yaml,
  );
  assert.equal(issue, {
    path: 'routes[0].upstream',
    message: 'missing',
    file: '/x/gateway.config.yaml',
    line: 2,
    column: 5,
  });
  const pkg = `{\n  "name": "app",\n  "gateway": {\n    "routes": 5\n  }\n}\n`;
  const [inPackage] = attachLocations(
    [{ path: 'routes', message: 'expected an array' }],
    '/x/package.json',
    pkg,
  );
  assert.equal([inPackage!.line, inPackage!.column], [4, 5]);
});

test('parseKeyPath is the inverse of formatKeyPath', () => {
  assert.equal(parseKeyPath('routes[3].match.path'), ['routes', 3, 'match', 'path']);
  assert.equal(parseKeyPath('upstreams["my-api"].targets[0]'), ['upstreams', 'my-api', 'targets', 0]);
  assert.equal(parseKeyPath(''), []);
});

test('a config with hundreds of routes is located by index', () => {
  const routes = Array.from(
    { length: 500 },
    (_, i) => `    { name: 'r${i}', match: { path: '/r${i}/**' }, upstream: 'u' },`,
  ).join('\n');
  const big = `export default defineConfig({\n  routes: [\n${routes}\n  ],\n});\n`;
  assert.equal(locateKeyPath(big, ['routes', 499, 'upstream']), positionOf(big, "upstream: 'u'", "'r499'"));
});

test.run();
