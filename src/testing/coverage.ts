/** Route coverage, as Envoy's route checker reports it: which routes no case ends on. */
import type { RouteTable } from '../pipeline/table.js';
import type { CaseResult, RouteCoverage } from './types.js';

/** Counts, per route (in evaluation order), the cases that ended on it. */
export function routeCoverage(table: RouteTable, results: readonly CaseResult[]): RouteCoverage {
  const counts = new Map<string, number>(table.routes.map((route) => [route.name, 0]));
  for (const result of results) {
    if (result.route !== null && counts.has(result.route))
      counts.set(result.route, counts.get(result.route)! + 1);
  }
  const routes = [...counts].map(([name, cases]) => ({ name, cases }));
  const uncovered = routes.filter((r) => r.cases === 0).map((r) => r.name);
  const percent = routes.length === 0 ? 100 : ((routes.length - uncovered.length) / routes.length) * 100;
  return { routes, uncovered, percent };
}
