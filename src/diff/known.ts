/**
 * Every request `gateway diff` and the reload gate know: the config's `tests` (of both configs
 * being compared), `*.gateway-test.*` files (recordings among them), and one sample per route
 * and method built from the route's match, as `gateway lint`'s analysis builds them. Duplicates
 * (the same method, URL, headers and body) are decided once.
 */
import { sampleRequest } from '../lint/analysis/sample.js';
import type { RouteTable } from '../pipeline/table.js';
import type { TestCase } from '../testing/types.js';

/** Samples for each route of `table`: one per declared method (GET when any method matches). */
export function sampleCases(table: RouteTable): TestCase[] {
  const out: TestCase[] = [];
  for (const route of table.routes) {
    const match = route.config.match;
    for (const method of match.methods ?? ['GET']) {
      const sample = sampleRequest(match, method);
      if (!sample) continue;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(sample.headers)) {
        if (typeof value !== 'string' || (name === 'host' && value === 'localhost')) continue;
        headers[name] = value;
      }
      const url = sample.query === '' ? sample.path : `${sample.path}?${sample.query}`;
      out.push({
        name: `${method} ${url}`,
        file: undefined,
        path: `sample of route "${route.name}"`,
        request: { method, url, ...(Object.keys(headers).length > 0 && { headers }) },
        expect: {},
      });
    }
  }
  return out;
}

/** Cases without duplicates: the first of each request shape is kept. */
export function uniqueCases(cases: readonly TestCase[]): TestCase[] {
  const seen = new Set<string>();
  const out: TestCase[] = [];
  for (const testCase of cases) {
    const key = requestKey(testCase);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(testCase);
  }
  return out;
}

/** A request's identity: method, URL, headers (sorted, lower-case names) and body. */
export function requestKey(testCase: TestCase): string {
  const r = testCase.request;
  const headers = Object.entries(r.headers ?? {})
    .map(([name, value]) => [name.toLowerCase(), value] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([(r.method ?? 'GET').toUpperCase(), r.url, headers, r.body ?? null]);
}

/** Where a case comes from, for reports: `tests[2]`, `orders.gateway-test.yaml [3]`, `sample of route "users"`. */
export function caseSource(testCase: TestCase, show: (file: string) => string): string {
  if (testCase.file === undefined) return testCase.path;
  return `${show(testCase.file)} ${testCase.path}`;
}
