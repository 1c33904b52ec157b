/**
 * All the route test cases of a config: its own `tests`, then every test file found (the paths
 * given, or the config's folder and below), each case placed at its line for reports.
 * `gateway test`, `gateway diff` and the reload gate collect the same way.
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ConfigIssue } from '../config/issues.js';
import { attachLocations } from '../config/locate.js';
import type { RouteTestConfig } from '../config/schema/index.js';
import { casesFromConfig, casesFromFile, findTestFiles } from './cases.js';
import type { TestCase } from './types.js';

export type CollectedCases = { ok: true; cases: TestCase[] } | { ok: false; issues: readonly ConfigIssue[] };

export interface CollectOptions {
  /** Test files or folders; `[]`: the config's folder and below. */
  readonly files: readonly string[];
  readonly cwd: string;
  /** More test files read as well (a `--record` file), when they exist. */
  readonly extraFiles?: readonly string[];
  /** For `${NAME}` placeholders in recorded cases. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** The config's cases, then each test file's. */
export async function collectCases(
  tests: readonly RouteTestConfig[],
  configFile: string,
  options: CollectOptions,
): Promise<CollectedCases> {
  const cases = await placed(casesFromConfig(tests, configFile), configFile);
  const found = await findTestFiles(options.files, options.cwd, dirname(configFile));
  if (!found.ok) return found;
  const issues: ConfigIssue[] = [];
  const files = [...found.files];
  for (const extra of options.extraFiles ?? []) if (!files.includes(extra)) files.push(extra);
  for (const testFile of files) {
    const read = await casesFromFile(testFile, options.env);
    if (read.ok) cases.push(...(await placed(read.cases, testFile)));
    else if (!(options.extraFiles ?? []).includes(testFile) || !isMissing(read.issues))
      issues.push(...read.issues);
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, cases };
}

// A recording that has not been written yet is not an error.
function isMissing(issues: readonly ConfigIssue[]): boolean {
  return issues.length === 1 && issues[0]!.message === 'cannot read this test file';
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
