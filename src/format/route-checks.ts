/**
 * The `routes` lines of a rendered Decision: which routes were tried and why each did or did not
 * match. By default only the routes worth reading are listed (see `selectChecks`), so a table of
 * a thousand routes still explains in a screenful; `all` lists every route.
 */
import type { Decision, RouteCheck } from '../pipeline/types.js';
import type { Colors } from './color.js';

/** What the match step's trace details carry (see `decide`). */
export interface MatchDetails {
  readonly checks?: readonly RouteCheck[];
  /** On a miss: the routes that came closest, closest first. */
  readonly nearest?: readonly RouteCheck[];
}

/** Which checks a short listing shows, and what it sums up in one line. */
export interface CheckSelection {
  readonly shown: readonly RouteCheck[];
  /** Routes really tested whose path did not match, not shown. */
  readonly differInPath: number;
  /** Routes after the winner (first match never got to them), not shown. */
  readonly notReached: number;
}

/**
 * The short listing: every route that was reached and got past its path condition (the winner
 * among them), every later route that would also have matched (shadowing), and — when no route
 * got past its path — the closest few. The rest is counted, not listed.
 */
export function selectChecks(details: MatchDetails): CheckSelection {
  const checks = details.checks ?? [];
  const pastPath = (check: RouteCheck) => check.matched || check.failed?.condition !== 'path';
  let keep = new Set(checks.filter((check) => (check.reached === false ? check.matched : pastPath(check))));
  if (keep.size === 0) {
    const nearest = new Set((details.nearest ?? []).map((check) => check.index));
    keep = new Set(checks.filter((check) => nearest.has(check.index)));
  }
  let differInPath = 0;
  let notReached = 0;
  for (const check of checks) {
    if (keep.has(check)) continue;
    if (check.reached === false) notReached++;
    else differInPath++;
  }
  return { shown: checks.filter((check) => keep.has(check)), differInPath, notReached };
}

/** Lines under the `routes` label (already indented to `indent`). */
export function formatRouteChecks(
  details: MatchDetails,
  decision: Decision,
  c: Colors,
  options: { readonly all: boolean; readonly indent: string },
): string[] {
  const checks = details.checks ?? [];
  const selection: CheckSelection = options.all
    ? { shown: checks, differInPath: 0, notReached: 0 }
    : selectChecks(details);
  const lines = selection.shown.map((check) => `${options.indent}${formatCheck(check, decision, c)}`);
  const summary = summaryText(selection);
  if (summary) lines.push(`${options.indent}${c.dim(summary)}`);
  return lines;
}

function summaryText({ differInPath, notReached }: CheckSelection): string | undefined {
  const parts: string[] = [];
  if (differInPath > 0)
    parts.push(`${count(differInPath)} ${differInPath === 1 ? 'differs' : 'differ'} in path`);
  if (notReached > 0)
    parts.push(`${parts.length > 0 ? notReached : count(notReached)} after the winner not reached`);
  return parts.length === 0 ? undefined : `… ${parts.join(', ')} (--all lists every route)`;
}

function count(n: number): string {
  return `${n} ${n === 1 ? 'route' : 'routes'}`;
}

function formatCheck(check: RouteCheck, decision: Decision, c: Colors): string {
  const name = `${check.index}. ${check.route}`;
  const isWinner = decision.route?.name === check.route && decision.route.index === check.index;
  if (check.matched) {
    return isWinner
      ? c.green(`✔ ${name}  matched`)
      : c.yellow(`~ ${name}  not reached: would match too, but an earlier route won`);
  }
  if (check.reached === false) return c.dim(`· ${name}  not reached`);
  if (!check.failed) return c.dim(`  ${name}  not evaluated`);
  const f = check.failed;
  const what = f.name ? `${f.condition} ${f.name}` : f.condition;
  return c.dim(`✘ ${name}  ${what}: expected ${f.expected}, got ${f.actual}`);
}
