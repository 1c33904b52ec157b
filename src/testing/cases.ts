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

/**
 * Reads and validates one test file. `${NAME}` in a header value or the URL is the environment
 * variable NAME (recordings write credentials this way); a case whose placeholders do not all
 * resolve is sent without them and checks only its route (`TestCase.unresolved`).
 */
export async function casesFromFile(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Result<{ cases: TestCase[] }>> {
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
  return {
    ok: true,
    cases: list.map((test, i) => withPlaceholders(toCase(test, file, `${prefix}[${i}]`), env)),
  };
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

const PLACEHOLDER = /\$\{([A-Z_][A-Z0-9_]*)\}/g;

/** Fills `${NAME}` from `env`; headers and query parameters naming an unset variable are left out. */
export function withPlaceholders(testCase: TestCase, env: NodeJS.ProcessEnv): TestCase {
  const unresolved = new Set<string>();
  const fill = (text: string): string | undefined => {
    let missing = false;
    const out = text.replace(PLACEHOLDER, (whole, name: string) => {
      const value = env[name];
      if (value !== undefined) return value;
      unresolved.add(name);
      missing = true;
      return whole;
    });
    return missing ? undefined : out;
  };
  const request = testCase.request;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    const filled = fill(value);
    if (filled !== undefined) headers[name] = filled;
  }
  const url = fillQuery(request.url, fill);
  const path = testCase.expect.path === undefined ? undefined : fillQuery(testCase.expect.path, fill);
  if (unresolved.size === 0 && url === request.url && path === testCase.expect.path && !request.headers)
    return testCase;
  return {
    ...testCase,
    request: { ...request, url, ...(request.headers && { headers }) },
    ...(path !== testCase.expect.path && { expect: { ...testCase.expect, path } }),
    ...(unresolved.size > 0 && { unresolved: [...unresolved] }),
  };
}

function fillQuery(url: string, fill: (text: string) => string | undefined): string {
  const at = url.indexOf('?');
  if (at < 0 || !url.includes('${')) return url;
  const kept: string[] = [];
  for (const pair of url.slice(at + 1).split('&')) {
    if (!pair.includes('${')) {
      kept.push(pair);
      continue;
    }
    const [key = '', value = ''] = pair.split(/=(.*)/s, 2);
    const filled = fill(value);
    if (filled !== undefined) kept.push(`${key}=${encodeURIComponent(filled)}`);
  }
  return kept.length > 0 ? `${url.slice(0, at)}?${kept.join('&')}` : url.slice(0, at);
}
