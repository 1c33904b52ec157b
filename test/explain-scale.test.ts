/**
 * `gateway explain` on a big table: by default the routes that got past their path condition,
 * the winner and one summary line; routes after the winner are "not reached", never ✘;
 * `--all` lists every route and `--json` keeps every check.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { explain } from '../src/commands/explain.js';
import type { Decision, RouteCheck } from '../src/pipeline/types.js';

const ROUTES = 1000;

interface RouteSpec {
  readonly name: string;
  readonly match: { readonly path: string; readonly methods?: readonly string[] };
  readonly upstream: 'api';
}

// r0 … r999 at /r<i>/:id, a POST-only twin of r500 just before it, and a catch-all last.
const numbered: RouteSpec[] = Array.from({ length: ROUTES }, (_, i) => ({
  name: `r${i}`,
  match: { path: `/r${i}/:id` },
  upstream: 'api',
}));
const twin: RouteSpec = {
  name: 'r500-post',
  match: { path: '/r500/:id', methods: ['POST'] },
  upstream: 'api',
};
const table = [...numbered.slice(0, 500), twin, ...numbered.slice(500)];
const fallback: RouteSpec = { name: 'fallback', match: { path: '/**' }, upstream: 'api' };

const withFallback = configDir([...table, fallback]);
const withoutFallback = configDir(table);

function configDir(routes: readonly RouteSpec[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-explain-scale-'));
  writeFileSync(
    join(dir, 'gateway.config.json'),
    JSON.stringify({ upstreams: { api: 'http://127.0.0.1:1' }, routes }),
  );
  return dir;
}

async function run(cwd: string, url: string, flags: { all?: boolean; json?: boolean } = {}) {
  let out = '';
  const write = (s: string) => {
    out += s;
  };
  const result = await explain({
    cwd,
    env: {},
    color: false,
    stdout: { write },
    stderr: { write },
    method: 'GET',
    url,
    now: () => 0,
    ...flags,
  });
  return { out, lines: out.trimEnd().split('\n'), result };
}

test('a 1,002-route table explains a hit in under 40 lines: past-path routes, the winner, one summary', async () => {
  const { lines, out, result } = await run(withFallback, '/r500/7');
  assert.is(result.exitCode, 0, out);
  assert.ok(lines.length < 40, `${lines.length} lines:\n${out}`);
  assert.match(out, /routes {5}1002 considered, in evaluation order\n/);
  assert.match(out, / {11}✘ 500\. r500-post {2}method: expected POST, got GET\n/);
  assert.match(out, / {11}✔ 501\. r500 {2}matched\n/);
  // The catch-all after the winner would match too: shown as shadowed, not reached.
  assert.match(out, /~ 1001\. fallback {2}not reached: would match too, but an earlier route won\n/);
  assert.match(
    out,
    /… 500 routes differ in path, 499 after the winner not reached \(--all lists every route\)\n/,
  );
  assert.match(out, /match {6}route "r500" \(\/r500\/:id\)/);
});

test('a miss shows the closest few routes and sums up the rest', async () => {
  const { lines, out, result } = await run(withoutFallback, '/nowhere/7');
  assert.is(result.exitCode, 1, out);
  const shown = lines.filter((line) => /^ {11}✘ /.test(line));
  assert.is(shown.length, 3, out);
  assert.match(out, /… 998 routes differ in path \(--all lists every route\)\n/);
  assert.ok(lines.length < 40, out);
});

test('--all lists every route; after the winner each is "not reached", never ✘', async () => {
  const { lines, out } = await run(withFallback, '/r500/7', { all: true });
  const listed = lines.filter((line) => /^ {11}[✘✔~·] \d+\. /.test(line));
  assert.is(listed.length, 1002, out.slice(0, 2000));
  const after = listed.slice(502);
  assert.ok(
    after.slice(0, -1).every((line) => /^ {11}· \d+\. r\d+ {2}not reached$/.test(line)),
    after[0],
  );
  assert.not.ok(after.some((line) => line.includes('✘')));
  assert.ok(listed.slice(0, 500).every((line) => line.includes('✘') && line.includes('path: expected')));
  assert.not.match(out, /--all lists every route/);
});

test('--json keeps every check, marking the routes after the winner reached: false', async () => {
  const { out } = await run(withFallback, '/r500/7', { json: true });
  const decision = JSON.parse(out) as Decision;
  const match = decision.trace.find((step) => step.stage === 'match');
  const checks = (match?.details as { checks?: RouteCheck[] } | undefined)?.checks ?? [];
  assert.is(checks.length, 1002);
  assert.is(checks.filter((check) => check.reached === false).length, 500);
  assert.ok(checks.slice(0, 502).every((check) => check.reached === undefined));
  assert.equal(checks[501], { route: 'r500', index: 501, matched: true });
});

test.after(() => {
  for (const dir of [withFallback, withoutFallback]) rmSync(dir, { recursive: true, force: true });
});
test.run();
