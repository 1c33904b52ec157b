/**
 * The analysis every exporter shares: path patterns as PCRE (checked against gateway's own
 * matcher on sample paths), regex rewrites widened to the whole path, and the safety net for
 * route features no exporter knows.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compilePathPattern } from '../src/pipeline/match/path-pattern.js';
import { analyzePath } from '../src/export/path-regex.js';
import { countGroups, wholePathRewrite } from '../src/export/shared/regex-rewrite.js';
import { unknownFeatures } from '../src/export/shared/unknown.js';

const PATTERNS: [string, string][] = [
  ['/users', 'exact'],
  ['/users/**', 'prefix'],
  ['/**', 'prefix'],
  ['/users/:id', 'params'],
  ['/users/:id?', 'params'],
  ['/a/**/b', 'params'],
  ['/files/*.png', 'glob'],
  ['/img/{a,b}/[0-9]x', 'glob'],
  ['/dir/', 'exact'],
];
const PATHS = [
  '/',
  '/users',
  '/users/',
  '/users/1',
  '/users/1/2',
  '/a/b',
  '/a/x/y/b',
  '/files/x.png',
  '/files/a/x.png',
  '/img/a/5x',
  '/img/c/5x',
  '/dir/',
  '/dir',
];

test('path patterns: the PCRE translation accepts exactly the paths gateway matches', () => {
  let agreed = 0;
  for (const [pattern, kind] of PATTERNS) {
    const analyzed = analyzePath(pattern, false);
    assert.ok(analyzed.ok, pattern);
    if (!analyzed.ok) continue;
    assert.is(analyzed.path.kind, kind, pattern);
    const compiled = compilePathPattern(pattern, false);
    if (!compiled.ok) throw new Error(pattern);
    const regex = new RegExp(analyzed.path.regex);
    for (const path of PATHS) {
      // gateway matches the root as zero segments; the engines see "/" (documented in path-regex.ts).
      if (path === '/' && pattern !== '/') continue;
      assert.is(regex.test(path), compiled.pattern.match(path) !== undefined, `${pattern} on ${path}`);
      agreed++;
    }
  }
  assert.is(agreed, PATTERNS.length * (PATHS.length - 1));
});

test('regex rewrites replace the first match, as JavaScript does, on engines that replace the whole path', () => {
  const cases: [string, string, string][] = [
    ['^.*/(\\d+)$', '/users/$1', '/API/V0/Users/2'],
    ['v(\\d)', 'api$1', '/v2/items/v3'],
    ['(a)(?:b)(?<n>c)', '$2$1', '/xabcx'],
    ['/old$', '/new', '/x/old'],
  ];
  for (const [pattern, replacement, path] of cases) {
    const whole = wholePathRewrite(pattern, replacement, (n) => `$${n}`);
    const expected = path.replace(new RegExp(pattern), replacement);
    assert.is(path.replace(new RegExp(whole.regex), whole.replacement), expected, pattern);
  }
  assert.is(countGroups('(a)(?:b)(?<n>c)[(]\\('), 2);
});

test('a route feature no exporter knows is reported, never dropped', () => {
  const route = {
    name: 'r',
    index: 0,
    match: { path: '/a', clientIp: ['10.0.0.0/8'], headers: {} },
    upstream: undefined,
    redirect: { status: 301 },
    mirror: undefined,
    rewrite: { stripPrefix: undefined, host: { kind: 'target' } },
  };
  assert.equal(unknownFeatures(route), ['redirect', 'match.clientIp', 'rewrite.host']);
});

test.run();
