/**
 * `gateway lint` end to end: the broken fixture gives its expected findings in every format,
 * SARIF validates against the SARIF 2.1.0 schema, the example config lints clean, and the exit
 * codes follow SPEC (0 clean, 1 findings, 2 cannot load or usage).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type LintOptions, lint } from '../src/commands/lint.js';
import { RULES } from '../src/lint/rules/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const broken = 'fixtures/broken/gateway.config.ts';
const expected = JSON.parse(await readFile(join(root, 'fixtures/broken/expected-findings.json'), 'utf8')) as {
  ruleId: string;
  severity: string;
  path: string;
  line: number;
  column: number;
}[];

async function run(options: Partial<LintOptions>) {
  let stdout = '';
  let stderr = '';
  const result = await lint({
    cwd: root,
    env: {},
    color: false,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    ...options,
  });
  return { ...result, stdout, stderr };
}

test('every rule fires on the broken fixture', () => {
  assert.equal([...new Set(expected.map((f) => f.ruleId))].sort(), RULES.map((r) => r.id).sort());
});

test('json: the expected findings, with file:line:col', async () => {
  const { exitCode, stdout } = await run({ config: broken, format: 'json' });
  assert.is(exitCode, 1);
  const out = JSON.parse(stdout) as {
    errorCount: number;
    warningCount: number;
    findings: Record<string, unknown>[];
  };
  const actual = out.findings.map(({ ruleId, severity, path, line, column }) => ({
    ruleId,
    severity,
    path,
    line,
    column,
  }));
  assert.equal(actual, expected);
  assert.ok(out.findings.every((f) => f.file === broken));
  assert.is(out.errorCount, expected.filter((f) => f.severity === 'error').length);
  assert.is(out.warningCount, expected.filter((f) => f.severity === 'warn').length);
});

test('stylish: grouped under the file, one line per finding, summary line', async () => {
  const { exitCode, stdout } = await run({ config: broken });
  assert.is(exitCode, 1);
  const lines = stdout.trimEnd().split('\n');
  assert.is(lines[0], broken);
  for (const f of expected) {
    const line = lines.find((l) => l.includes(`${f.path}: `) && l.endsWith(f.ruleId));
    assert.ok(line, `a line for ${f.ruleId} at ${f.path}`);
    assert.match(
      line!,
      new RegExp(`^  ${f.line}:${f.column}\\s+${f.severity === 'error' ? 'error' : 'warn '}  `),
    );
  }
  const errors = expected.filter((f) => f.severity === 'error').length;
  assert.is(
    lines.at(-1),
    `✖ ${expected.length} problems (${errors} errors, ${expected.length - errors} warnings)`,
  );
});

test('stylish: colour only when asked', async () => {
  assert.not.match((await run({ config: broken })).stdout, '\u001b[');
  assert.match((await run({ config: broken, color: true })).stdout, '\u001b[31merror');
});

test('github: one workflow command per finding', async () => {
  const { stdout } = await run({ config: broken, format: 'github' });
  const lines = stdout.trimEnd().split('\n');
  assert.is(lines.length, expected.length);
  lines.forEach((line, i) => {
    const f = expected[i]!;
    const kind = f.severity === 'error' ? 'error' : 'warning';
    assert.ok(
      line.startsWith(
        `::${kind} file=${broken},line=${f.line},col=${f.column},title=${f.ruleId.replace(/:/g, '%3A')}::${f.path}: `,
      ),
      line,
    );
  });
});

/** The parts of a SARIF log these tests read. */
interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string; help: { text: string } }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      locations: {
        physicalLocation: {
          artifactLocation: { uri: string };
          region: { startLine: number; startColumn: number };
        };
        logicalLocations: { fullyQualifiedName: string }[];
      }[];
    }[];
  }[];
}

test('sarif: valid SARIF 2.1.0 with every rule and every finding', async () => {
  const { stdout } = await run({ config: broken, format: 'sarif' });
  const log = JSON.parse(stdout) as SarifLog;
  // The OASIS schema (draft-04, from @microsoft/jest-sarif): Ajv 8 reads it once `id` is `$id`.
  const schema = JSON.parse(await readFile(join(root, 'test/lint-sarif-2.1.0.schema.json'), 'utf8'));
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  // unicodeRegExp off: one of the schema's patterns (a stray `]` in `language`) is valid only without the `u` flag.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  // The validator really checks: a level SARIF does not define is refused.
  const tampered = JSON.parse(stdout) as SarifLog;
  tampered.runs[0]!.results[0]!.level = 'fatal';
  assert.not.ok(validate(tampered));

  const run0 = log.runs[0]!;
  assert.equal(
    run0.tool.driver.rules.map((r: { id: string }) => r.id),
    RULES.map((r) => r.id),
  );
  assert.ok(run0.tool.driver.rules.every((r: { help: { text: string } }) => r.help.text.length > 0));
  const results = run0.results.map((r) => ({
    ruleId: r.ruleId,
    severity: r.level === 'error' ? 'error' : 'warn',
    path: r.locations[0]!.logicalLocations[0]!.fullyQualifiedName,
    line: r.locations[0]!.physicalLocation.region.startLine,
    column: r.locations[0]!.physicalLocation.region.startColumn,
  }));
  assert.equal(results, expected);
  assert.ok(run0.results.every((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === broken));
  assert.ok(run0.results.every((r) => run0.tool.driver.rules[r.ruleIndex]?.id === r.ruleId));
});

test('the example config lints clean (exit 0)', async () => {
  const { exitCode, stdout } = await run({ config: 'gateway.config.example.ts' });
  assert.is(stdout, '✔ no problems\n');
  assert.is(exitCode, 0);
});

async function withConfig(text: string, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'gateway-lint-'));
  try {
    await writeFile(join(dir, 'gateway.config.json'), text);
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('--max-warnings: warnings alone pass, more than the maximum fail', async () => {
  const config = JSON.stringify({
    upstreams: { u: 'http://127.0.0.1:4001', spare: 'http://127.0.0.1:4002' },
    routes: [{ name: 'a', match: { path: '/a' }, upstream: 'u' }],
  });
  await withConfig(config, async (dir) => {
    assert.is((await run({ cwd: dir })).exitCode, 0);
    assert.is((await run({ cwd: dir, maxWarnings: 1 })).exitCode, 0);
    const over = await run({ cwd: dir, maxWarnings: 0 });
    assert.is(over.exitCode, 1);
    assert.match(over.stderr, '1 warnings, more than --max-warnings 0');
  });
});

test('a JSON config: findings located by line and column', async () => {
  const config =
    '{\n  "upstreams": { "u": "http://127.0.0.1:4001" },\n  "routes": [\n    { "name": "a", "match": { "path": "/a" }, "upstream": "v" }\n  ]\n}\n';
  await withConfig(config, async (dir) => {
    const { exitCode, stdout } = await run({ cwd: dir, format: 'json' });
    assert.is(exitCode, 1);
    const findings = JSON.parse(stdout).findings as {
      ruleId: string;
      line: number;
      column: number;
      file: string;
    }[];
    const unknown = findings.find((f) => f.ruleId === 'upstream/unknown')!;
    assert.equal([unknown.file, unknown.line, unknown.column], ['gateway.config.json', 4, 47]);
  });
});

test('exit 2: a config that does not match the schema, a missing config, a bad flag', async () => {
  await withConfig(
    '{ "routes": [{ "name": "a", "match": { "path": "a" }, "upstream": "u" }] }',
    async (dir) => {
      const bad = await run({ cwd: dir });
      assert.is(bad.exitCode, 2);
      assert.match(bad.stderr, 'routes[0].match.path');
      assert.is(bad.stdout, '');
    },
  );
  const empty = await mkdtemp(join(tmpdir(), 'gateway-lint-'));
  assert.is((await run({ cwd: empty })).exitCode, 2);
  await rm(empty, { recursive: true });
  assert.is((await run({ config: broken, format: 'xml' as never })).exitCode, 2);
  assert.is((await run({ config: broken, maxWarnings: -1 })).exitCode, 2);
});

test.run();
