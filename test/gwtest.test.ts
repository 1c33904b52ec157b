/**
 * `gateway test` end to end on configs written to a temporary folder: static Decisions,
 * diffs for wrong expectations, every reporter (JUnit parsed by a real XML parser, TAP's YAML
 * blocks by a YAML parser), coverage and its gate, test files, and exit codes.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse as parseYaml } from 'yaml';
import { runTests, type TestOptions } from '../src/commands/test.js';

const config = {
  upstreams: {
    users: { targets: ['http://127.0.0.1:4101', 'http://127.0.0.1:4102'], health: { passive: {} } },
    orders: 'http://127.0.0.1:4201',
    echo: 'http://127.0.0.1:4301',
  },
  auth: { keys: { type: 'api-key', keys: [{ name: 'ci', key: { env: 'GWTEST_KEY' } }] } },
  routes: [
    { name: 'health', match: { path: '/health' }, respond: { status: 200, json: { ok: true } } },
    { name: 'users', match: { path: '/users/**', methods: ['GET'] }, upstream: 'users' },
    {
      name: 'orders',
      match: { path: '/orders/:id' },
      upstream: 'orders',
      auth: 'keys',
      rewrite: { path: '/v2/orders/:id' },
    },
    {
      name: 'echo',
      match: { path: '/echo/**' },
      upstream: 'echo',
      rewrite: { stripPrefix: '/echo', headers: { set: { 'x-via': 'gateway' } } },
    },
    { name: 'unused', match: { path: '/nobody/calls/this' }, upstream: 'echo' },
  ],
  tests: [
    {
      request: { url: '/users/1' },
      expect: {
        route: 'users',
        upstream: 'users',
        path: '/users/1',
        target: '127.0.0.1:4101',
        auth: 'public',
      },
    },
    {
      request: { url: '/orders/7', headers: { 'x-api-key': 'k1' } },
      expect: { route: 'orders', path: '/v2/orders/7', auth: 'allow' },
    },
    { request: { url: '/orders/7' }, expect: { route: 'orders', auth: 'deny', status: 401 } },
    {
      request: { url: '/echo/a?b=1', headers: { 'x-client': 'c' } },
      expect: { path: '/a?b=1', headers: { 'x-via': 'gateway', 'x-client': 'c' } },
    },
    { request: { method: 'POST', url: '/health' }, expect: { route: 'health', status: 200 } },
    { request: { url: '/missing' }, expect: { route: null, status: 404 } },
  ],
};
const env = { GWTEST_KEY: 'k1' };

async function inFolder(files: Record<string, unknown>, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'gateway-test-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      await writeFile(
        join(dir, name),
        typeof content === 'string' ? content : JSON.stringify(content, null, 2),
      );
    }
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function run(dir: string, options: Partial<TestOptions> = {}) {
  let stdout = '';
  let stderr = '';
  const result = await runTests({
    cwd: dir,
    env,
    color: false,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    now: Date.UTC(2026, 0, 1),
    ...options,
  });
  return { ...result, stdout, stderr };
}

test('the config\u2019s own cases pass statically (exit 0)', async () => {
  await inFolder({ 'gateway.config.json': config }, async (dir) => {
    const { exitCode, stdout, run: report } = await run(dir);
    assert.is(exitCode, 0, stdout);
    assert.is(report!.passed, 6);
    assert.match(stdout, 'route tests: 6 passed, 0 failed (6 cases');
    assert.match(stdout, '✔ GET /users/1 → users');
  });
});

const wrong = [
  {
    name: 'orders go to orders',
    request: { url: '/orders/7', headers: { 'x-api-key': 'k1' } },
    expect: { route: 'orders', upstream: 'users' },
  },
  { request: { url: '/echo/x' }, expect: { headers: { 'x-via': 'proxy' } } },
];

test('a wrong expectation fails with a diff, its place and the trace (exit 1)', async () => {
  await inFolder({ 'gateway.config.json': config, 'wrong.gateway-test.json': wrong }, async (dir) => {
    const { exitCode, stdout } = await run(dir);
    assert.is(exitCode, 1);
    const lines = stdout.split('\n');
    const at = lines.indexOf('✘ orders go to orders');
    assert.ok(at >= 0, stdout);
    assert.equal(lines.slice(at + 1, at + 4), [
      '    expected upstream: users, actual: orders',
      '    at wrong.gateway-test.json:2:3 ([0])',
      '    trace:',
    ]);
    assert.match(lines[at + 5]!, /match\s+route "orders" \(\/orders\/:id\)/);
    assert.match(stdout, 'expected headers.x-via: proxy, actual: gateway');
    assert.match(stdout, 'route tests: 6 passed, 2 failed (8 cases');
  });
});

test('headers: null means "not sent upstream" — a stripped credential passes, a kept one fails', async () => {
  const cases = [
    {
      name: 'api key stripped',
      request: { url: '/orders/7', headers: { 'x-api-key': 'k1' } },
      expect: { headers: { 'x-api-key': null } },
    },
    {
      name: 'client header kept',
      request: { url: '/echo/x', headers: { 'x-client': 'c' } },
      expect: { headers: { 'x-client': null } },
    },
  ];
  const only = { ...config, tests: [] };
  await inFolder({ 'gateway.config.json': only, 'null.gateway-test.json': cases }, async (dir) => {
    const { exitCode, stdout } = await run(dir, { files: ['null.gateway-test.json'] });
    assert.is(exitCode, 1, stdout);
    assert.match(stdout, '✔ api key stripped');
    assert.match(stdout, '✘ client header kept');
    assert.match(stdout, 'expected headers.x-client: (none), actual: c');
  });
});

test('junit: well-formed XML (parsed), one suite per file, failures with the diff; text escaped', async () => {
  const tricky = [
    { name: 'a <b> & "c" \u0001 \'d\'', request: { url: '/users/1' }, expect: { route: 'orders' } },
  ];
  await inFolder(
    { 'gateway.config.json': config, 'wrong.gateway-test.json': wrong, 'tricky.gateway-test.json': tricky },
    async (dir) => {
      const { exitCode, stdout } = await run(dir, { reporter: 'junit' });
      assert.is(exitCode, 1);
      const errors: string[] = [];
      const doc = new DOMParser({
        errorHandler: {
          warning: (m) => errors.push(m),
          error: (m) => errors.push(m),
          fatalError: (m) => errors.push(m),
        },
      }).parseFromString(stdout, 'text/xml');
      assert.equal(errors, []);
      const root = doc.documentElement!;
      assert.is(root.tagName, 'testsuites');
      assert.is(root.getAttribute('tests'), '9');
      assert.is(root.getAttribute('failures'), '3');
      const suites = Array.from(doc.getElementsByTagName('testsuite'));
      assert.equal(
        suites.map((s) => s.getAttribute('name')),
        ['gateway.config.json', 'tricky.gateway-test.json', 'wrong.gateway-test.json'],
      );
      const cases = Array.from(doc.getElementsByTagName('testcase'));
      const trickyCase = cases.find((c) => c.getAttribute('name')?.startsWith('a <b>'))!;
      assert.is(trickyCase.getAttribute('name'), 'a <b> & "c"  \'d\'');
      const failure = trickyCase.getElementsByTagName('failure')[0]!;
      assert.is(failure.getAttribute('message'), 'expected route: orders, actual: users');
      assert.match(failure.textContent ?? '', 'trace:');
    },
  );
});

test('tap: TAP 13 with a plan, ok/not ok, and YAML diagnostics', async () => {
  await inFolder({ 'gateway.config.json': config, 'wrong.gateway-test.json': wrong }, async (dir) => {
    const { stdout } = await run(dir, { reporter: 'tap' });
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines.slice(0, 3), ['TAP version 13', '1..8', 'ok 1 - GET /users/1']);
    const notOk = lines.indexOf('not ok 7 - orders go to orders');
    assert.ok(notOk > 0, stdout);
    assert.is(lines[notOk + 1], '  ---');
    const end = lines.indexOf('  ...', notOk);
    const block = parseYaml(
      lines
        .slice(notOk + 2, end)
        .map((l) => l.slice(2))
        .join('\n'),
    );
    assert.is(block.message, 'expected upstream: users, actual: orders');
    assert.equal(block.mismatches, [{ field: 'upstream', expected: 'users', actual: 'orders' }]);
    assert.ok(lines.includes('# fail 2'));
  });
});

test('json: results with mismatches; trace only for failures', async () => {
  await inFolder({ 'gateway.config.json': config, 'wrong.gateway-test.json': wrong }, async (dir) => {
    const out = JSON.parse((await run(dir, { reporter: 'json' })).stdout);
    assert.is(out.passed, 6);
    assert.is(out.failed, 2);
    const failed = out.results.find((r: { name: string }) => r.name === 'orders go to orders');
    assert.equal(failed.mismatches, [{ field: 'upstream', expected: 'users', actual: 'orders' }]);
    assert.is(failed.file, 'wrong.gateway-test.json');
    assert.ok(Array.isArray(failed.trace));
    assert.is(out.results[0].trace, undefined);
  });
});

test('--coverage lists routes no case reaches; --fail-under gates on it', async () => {
  await inFolder({ 'gateway.config.json': config }, async (dir) => {
    const covered = await run(dir, { coverage: true });
    assert.match(covered.stdout, 'route coverage: 4/5 routes (80%) — no case reaches: unused');
    assert.equal(covered.run!.coverage.uncovered, ['unused']);
    assert.is((await run(dir, { failUnder: 80 })).exitCode, 0);
    const gated = await run(dir, { failUnder: 90 });
    assert.is(gated.exitCode, 1);
    assert.match(gated.stderr, 'route coverage 80% is below --fail-under 90%');
  });
});

test('a status on a forwarded request is checked only with --live (noted, not failed)', async () => {
  const cases = [{ request: { url: '/users/1' }, expect: { route: 'users', status: 200, body: { id: 1 } } }];
  await inFolder({ 'gateway.config.json': { ...config, tests: cases } }, async (dir) => {
    const { exitCode, stdout, run: report } = await run(dir);
    assert.is(exitCode, 0);
    assert.equal(report!.results[0]!.skipped.length, 2);
    assert.match(stdout, 'not checked without --live (2):');
  });
});

test('test files: YAML and given paths; a file that breaks the schema is exit 2 with its location', async () => {
  const yaml = '- request: { url: /users/2 }\n  expect: { route: users }\n';
  await inFolder(
    {
      'gateway.config.json': { ...config, tests: [] },
      'users.gateway-test.yaml': yaml,
      'other.json': [{ request: { url: '/x' }, expect: { route: null } }],
    },
    async (dir) => {
      const found = await run(dir);
      assert.is(found.run!.results.length, 1);
      const given = await run(dir, { files: ['other.json'] });
      assert.equal(
        given.run!.results.map((r) => r.case.name),
        ['GET /x'],
      );
    },
  );
  const bad = '- request: { url: /users/2 }\n  expect: { rout: users }\n';
  await inFolder({ 'gateway.config.json': config, 'bad.gateway-test.yaml': bad }, async (dir) => {
    const { exitCode, stderr } = await run(dir);
    assert.is(exitCode, 2);
    assert.match(stderr, /bad\.gateway-test\.yaml:2:\d+/);
    assert.match(stderr, 'rout');
  });
});

test('exit codes: no cases is 1; a bad reporter, a missing config or --fail-under 101 is 2', async () => {
  await inFolder({ 'gateway.config.json': { ...config, tests: [] } }, async (dir) => {
    const none = await run(dir);
    assert.is(none.exitCode, 1);
    assert.match(none.stderr, 'no route test cases');
    assert.is((await run(dir, { reporter: 'xml' as never })).exitCode, 2);
    assert.is((await run(dir, { failUnder: 101 })).exitCode, 2);
  });
  await inFolder({}, async (dir) => {
    assert.is((await run(dir)).exitCode, 2);
  });
});

test.run();
