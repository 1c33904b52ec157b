/**
 * `gateway test [files…]`: route test cases from the config's `tests` and from
 * `*.gateway-test.{ts,json,yaml}` files, checked against the pipeline's Decisions — or, with
 * `--live`, also sent through the real proxy (and with `--demo`, to the fixture services).
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ConfigIssue } from '../config/issues.js';
import { attachLocations } from '../config/locate.js';
import type { RouteTestConfig } from '../config/schema/index.js';
import { colors } from '../format/color.js';
import { casesFromConfig, casesFromFile, findTestFiles } from '../testing/cases.js';
import { REPORTERS, type ReporterName } from '../testing/reporters/index.js';
import { formatPercent } from '../testing/reporters/pretty.js';
import { runCases } from '../testing/run.js';
import type { TestCase, TestRun } from '../testing/types.js';
import { DEMO_CONFIG, type DemoServices, startDemoServices } from './demo-services.js';
import type { CommandIO, CommandResult } from './io.js';
import { formatIssues, loadTable } from './load-table.js';

export interface TestOptions extends CommandIO {
  /** `-c, --config`; with `demo` and no config, the package's `gateway.config.example.ts`. */
  readonly config?: string;
  /** Test files or folders (searched for `*.gateway-test.*`). @default the config's folder */
  readonly files?: readonly string[];
  /** `--reporter`. @default 'pretty' */
  readonly reporter?: ReporterName;
  /** `--coverage`: report which routes no case reaches. */
  readonly coverage?: boolean;
  /** `--fail-under <percent>`: exit 1 when route coverage is below it (implies `coverage`). */
  readonly failUnder?: number;
  /** `--live`: start the proxy in-process and send every case for real. */
  readonly live?: boolean;
  /** `--demo`: with `--live`, start the fixture services; and test the example config unless `config` is given. */
  readonly demo?: boolean;
  /** Pinned clock for the Decisions (ms since the epoch). @default Date.now() */
  readonly now?: number;
}

export interface TestResult extends CommandResult {
  readonly run?: TestRun;
}

/** Runs the route tests. Exit 0: all pass (and coverage ≥ `failUnder`); 1: failures; 2: usage or config. */
export async function runTests(options: TestOptions): Promise<TestResult> {
  const c = colors(options.color);
  const usage = (message: string): TestResult => {
    options.stderr.write(`${c.red('error')} ${message}\n`);
    return { exitCode: 2 };
  };
  const reporterName = options.reporter ?? 'pretty';
  if (!(reporterName in REPORTERS))
    return usage(`--reporter ${reporterName}: expected one of ${Object.keys(REPORTERS).join(', ')}`);
  const failUnder = options.failUnder;
  if (failUnder !== undefined && !(failUnder >= 0 && failUnder <= 100))
    return usage(`--fail-under ${failUnder}: expected a percentage from 0 to 100`);

  const configPath = options.demo && options.config === undefined ? DEMO_CONFIG : options.config;
  // The demo services start before the config loads: on free ports, the config reads them.
  let demo: DemoServices | undefined;
  if (options.live && options.demo) {
    try {
      demo = await startDemoServices(options.env);
    } catch (error) {
      return usage(`--live --demo: cannot start the demo services: ${(error as Error).message}`);
    }
  }
  try {
    return await runTestsFor(configPath, options, usage);
  } finally {
    await demo?.close();
  }
}

/** Loads the config at `configPath` (or found from the folder), collects its cases and runs them. */
async function runTestsFor(
  configPath: string | undefined,
  options: TestOptions,
  usage: (message: string) => TestResult,
): Promise<TestResult> {
  const c = colors(options.color);
  const failUnder = options.failUnder;
  const reporterName = options.reporter ?? 'pretty';
  const load = () => loadTable({ cwd: options.cwd, configPath, env: options.env });
  const loaded = await load();
  if (!loaded.ok) {
    options.stderr.write(formatIssues(loaded.issues, options.cwd, c));
    return { exitCode: 2 };
  }
  const collected = await collectCases(loaded.table.config.tests, loaded.file, options);
  if (!collected.ok) {
    options.stderr.write(formatIssues(collected.issues, options.cwd, c));
    return { exitCode: 2 };
  }
  if (collected.cases.length === 0) {
    options.stderr.write(
      `${c.red('error')} no route test cases — add \`tests\` to the config or write *.gateway-test.yaml files\n`,
    );
    return { exitCode: 1 };
  }

  let live: Awaited<ReturnType<typeof import('../testing/live.js').startLiveGateway>> | undefined;
  if (options.live) {
    try {
      const { startLiveGateway } = await import('../testing/live.js');
      live = await startLiveGateway(loaded, load);
    } catch (error) {
      return usage(`--live: cannot start the proxy: ${(error as Error).message}`);
    }
  }
  let run: TestRun;
  try {
    run = await runCases(loaded.table, collected.cases, { now: options.now, send: live?.send });
  } finally {
    await live?.close();
  }

  const coverage = options.coverage === true || failUnder !== undefined;
  options.stdout.write(REPORTERS[reporterName](run, { cwd: options.cwd, color: options.color, coverage }));
  const belowGate = failUnder !== undefined && run.coverage.percent < failUnder;
  if (belowGate) {
    options.stderr.write(
      `${c.red('error')} route coverage ${formatPercent(run.coverage.percent)} is below --fail-under ${failUnder}%\n`,
    );
  }
  return { exitCode: run.failed > 0 || belowGate ? 1 : 0, run };
}

type Collected = { ok: true; cases: TestCase[] } | { ok: false; issues: readonly ConfigIssue[] };

async function collectCases(
  tests: readonly RouteTestConfig[],
  file: string,
  options: TestOptions,
): Promise<Collected> {
  const cases = await placed(casesFromConfig(tests, file), file);
  const found = await findTestFiles(options.files ?? [], options.cwd, dirname(file));
  if (!found.ok) return found;
  const issues: ConfigIssue[] = [];
  for (const testFile of found.files) {
    const read = await casesFromFile(testFile);
    if (read.ok) cases.push(...(await placed(read.cases, testFile)));
    else issues.push(...read.issues);
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, cases };
}

// Each case gets the line and column it is written at, for failure reports.
async function placed(cases: TestCase[], file: string): Promise<TestCase[]> {
  if (cases.length === 0) return cases;
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch {
    return cases;
  }
  const located = attachLocations(
    cases.map((tc) => ({ path: tc.path, message: '' })),
    file,
    source,
  );
  return cases.map((tc, i) => ({ ...tc, line: located[i]?.line, column: located[i]?.column }));
}
