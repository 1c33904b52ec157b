/**
 * Route test cases: from the config's `tests` key and from `*.gateway-test.{ts,json,yaml}`
 * files. A test file holds an array of cases (or `{ tests: [...] }`), in the same shape as the
 * config's `tests`, and is validated by the same schema.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { z } from 'zod';
import type { ConfigIssue, Result } from '../config/issues.js';
import { parseDataFile } from '../config/load-data.js';
import { importConfigModule } from '../config/load-module.js';
import { attachLocations } from '../config/locate.js';
import type { RouteTestConfig } from '../config/schema/index.js';
import { routeTestSchema } from '../config/schema/index.js';
import { issuesFromZod } from '../config/zod-issues.js';
import type { TestCase } from './types.js';

/** Names of route test files. */
export const TEST_FILE_PATTERN = /\.gateway-test\.(ts|mts|js|mjs|json|ya?ml)$/;
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'coverage']);

/** The config's own cases, each named and placed at `tests[i]`. */
export function casesFromConfig(tests: readonly RouteTestConfig[], file: string | undefined): TestCase[] {
  return tests.map((test, i) => toCase(test, file, `tests[${i}]`));
}

/**
 * Finds test files: the given paths (files, or folders searched for `*.gateway-test.*`), or,
 * when none are given, the config's folder and below.
 */
export async function findTestFiles(
  paths: readonly string[],
  cwd: string,
  configDir: string,
): Promise<Result<{ files: string[] }>> {
  const files: string[] = [];
  const roots = paths.length > 0 ? paths.map((p) => resolve(cwd, p)) : [configDir];
  for (const root of roots) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(root);
    } catch {
      return { ok: false, issues: [{ path: '', message: `${root}: no such file or folder`, file: root }] };
    }
    if (info.isDirectory()) files.push(...(await walk(root)));
    else files.push(root);
  }
  return { ok: true, files: [...new Set(files)].sort() };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (TEST_FILE_PATTERN.test(entry.name)) out.push(path);
  }
  return out;
}

const fileSchema = z.union([z.array(routeTestSchema), z.strictObject({ tests: z.array(routeTestSchema) })]);

/** Reads and validates one test file. */
export async function casesFromFile(file: string): Promise<Result<{ cases: TestCase[] }>> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch {
    return { ok: false, issues: [{ path: '', message: 'cannot read this test file', file }] };
  }
  const ext = extname(file).toLowerCase();
  let value: unknown;
  if (/^\.[mc]?[jt]s$/.test(ext)) {
    const module = await importConfigModule(file);
    if (module.issue) return { ok: false, issues: [module.issue] };
    value = module.value;
  } else {
    const parsed = parseDataFile(file, source, ext === '.json' ? 'json' : 'yaml');
    if (parsed.issue) return { ok: false, issues: [parsed.issue] };
    value = parsed.value;
  }
  const checked = fileSchema.safeParse(value);
  if (!checked.success) {
    const issues: ConfigIssue[] = issuesFromZod(checked.error.issues, value, fileSchema);
    return { ok: false, issues: attachLocations(issues, file, source) };
  }
  const list = Array.isArray(checked.data) ? checked.data : checked.data.tests;
  const prefix = Array.isArray(checked.data) ? '' : 'tests';
  return { ok: true, cases: list.map((test, i) => toCase(test, file, `${prefix}[${i}]`)) };
}

function toCase(test: RouteTestConfig, file: string | undefined, path: string): TestCase {
  const method = (test.request.method ?? 'GET').toUpperCase();
  return {
    name: test.name ?? `${method} ${test.request.url}`,
    file,
    path,
    request: test.request,
    expect: test.expect,
    ...(test.samples !== undefined && { samples: test.samples }),
  };
}

/** `orders.gateway-test.yaml` → `orders`, for report headings. */
export function testFileLabel(file: string): string {
  return basename(file).replace(TEST_FILE_PATTERN, '');
}
