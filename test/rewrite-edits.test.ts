// Second-round rewrites and edits at the pipeline level: regex flags, rewrite.host, response
// header edits per route and from defaults.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { colors } from '../src/format/color.js';
import { formatDecision } from '../src/format/decision.js';
import { editResponseHeaders } from '../src/pipeline/response-headers.js';
import { decideOn, issuesOf, tableOf } from './routing-support.js';

const upstreams = { app: 'http://127.0.0.1:4901' };
const withRoute = (route: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  tableOf({
    upstreams,
    routes: [{ name: 'r', match: { path: '/**' }, upstream: 'app', ...route }],
    ...extra,
  });
const upstreamPath = async (regex: Record<string, unknown>, url: string) =>
  (await decideOn(await withRoute({ rewrite: { regex } }), url)).upstreamPath;

// Envoy's regex_rewrite replaces every match; nginx's rewrite, the first. Flags choose.
const regexCases: [regex: Record<string, unknown>, url: string, path: string][] = [
  [{ pattern: '-', replacement: '_' }, '/a-b-c', '/a_b-c'],
  [{ pattern: '-', replacement: '_', flags: 'g' }, '/a-b-c', '/a_b_c'],
  [{ pattern: 'OLD', replacement: 'new', flags: 'i' }, '/old/x/Old', '/new/x/Old'],
  [{ pattern: 'old', replacement: 'new', flags: 'gi' }, '/old/x/OLD', '/new/x/new'],
  // Envoy's documented example: `^/service/([^/]+)(/.*)$` → `\2/instance/\1`.
  [
    { pattern: '^/service/([^/]+)(/.*)$', replacement: '$2/instance/$1' },
    '/service/foo/v1/api',
    '/v1/api/instance/foo',
  ],
  // Envoy's "first match only" spelling gives the same as no `g`.
  [{ pattern: '^(.*?)o(.*)$', replacement: '$1O$2' }, '/foo/boo', '/fOo/boo'],
  [{ pattern: '(?<word>[a-z]+)', replacement: '<$<word>>', flags: 'g' }, '/ab/cd', '/<ab>/<cd>'],
  // The query is left alone.
  [{ pattern: 'a', replacement: 'b', flags: 'g' }, '/aa?a=a', '/bb?a=a'],
];
for (const [regex, url, path] of regexCases) {
  test(`rewrite.regex ${JSON.stringify(regex)}: ${url} → ${path}`, async () => {
    assert.is(await upstreamPath(regex, url), path);
  });
}

test('rewrite.regex refuses flags other than g, i, m, s, u', () => {
  const issues = issuesOf({
    upstreams,
    routes: [
      {
        name: 'r',
        match: { path: '/' },
        upstream: 'app',
        rewrite: { regex: { pattern: 'a', replacement: 'b', flags: 'y' } },
      },
    ],
  });
  assert.equal(issues, [
    'routes[0].rewrite.regex.flags: expected only the flags g, i, m, s and u, found "y"',
  ]);
});

test('rewrite.host: a literal becomes the Host header edit; { target: true } is flagged for the proxy', async () => {
  const literal = await decideOn(await withRoute({ rewrite: { host: 'api.example.com' } }), '/x');
  assert.is(literal.headers?.set.host, 'api.example.com');
  assert.is(literal.hostFromTarget, undefined);
  const rewriteStep = literal.trace.find((s) => s.stage === 'rewrite');
  assert.ok(
    (rewriteStep?.details as { steps: string[] } | undefined)?.steps.includes('host: api.example.com'),
  );
  const target = await decideOn(await withRoute({ rewrite: { host: { target: true } } }), '/x');
  assert.is(target.hostFromTarget, true);
  assert.is(target.headers?.set.host, undefined);
});

test('responseHeaders: on the Decision, shown by explain; defaults apply to routes without their own', async () => {
  const edits = { set: { 'Cache-Control': 'no-store' }, add: { Vary: 'accept' }, remove: ['Server'] };
  const decision = await decideOn(await withRoute({ responseHeaders: edits }), '/x');
  assert.equal(decision.responseEdits, {
    set: { 'cache-control': 'no-store' },
    add: { vary: 'accept' },
    remove: ['server'],
  });
  const lines = formatDecision(decision, colors(false));
  assert.ok(
    lines.includes('response   remove server, set cache-control: no-store, add vary: accept'),
    lines.join('\n'),
  );
  const table = await tableOf({
    upstreams,
    defaults: { responseHeaders: { set: { 'x-frame-options': 'DENY' } } },
    routes: [
      { name: 'plain', match: { path: '/a' }, upstream: 'app' },
      { name: 'own', match: { path: '/b' }, upstream: 'app', responseHeaders: { remove: ['x-powered-by'] } },
    ],
  });
  assert.equal((await decideOn(table, '/a')).responseEdits?.set, { 'x-frame-options': 'DENY' });
  assert.equal((await decideOn(table, '/b')).responseEdits, { set: {}, add: {}, remove: ['x-powered-by'] });
});

test('editResponseHeaders: remove, then set, then add (comma-joined; set-cookie as another header)', () => {
  const out = editResponseHeaders(
    { server: 'fixture', vary: 'origin', 'set-cookie': ['a=1'], 'x-a': '1' },
    { remove: ['server'], set: { 'x-a': '2' }, add: { vary: 'accept', 'set-cookie': 'b=2', 'x-new': 'y' } },
  );
  assert.equal(out, { vary: 'origin, accept', 'set-cookie': ['a=1', 'b=2'], 'x-a': '2', 'x-new': 'y' });
});

test.run();
