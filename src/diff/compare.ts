/**
 * Decides every known request on two tables and keeps the ones whose outcome changed, grouped
 * by what changed: requests that moved the same way (route "users" → "accounts", auth public →
 * deny) form one group. The path varies per request, so a group only says that it changed and
 * each request shows its own before → after.
 */
import type { RouteTable } from '../pipeline/table.js';
import type { TestCase } from '../testing/types.js';
import { decideCase, OUTCOME_FIELDS, type OutcomeField, type RequestOutcome } from './outcome.js';

/** One request whose outcome differs. */
export interface RequestChange {
  readonly case: TestCase;
  readonly before: RequestOutcome;
  readonly after: RequestOutcome;
  /** The fields that differ, in `OUTCOME_FIELDS` order. */
  readonly fields: readonly OutcomeField[];
}

/** Requests that changed the same way. */
export interface ChangeGroup {
  /** `route: users → accounts; upstream: users → accounts; path changed`. */
  readonly label: string;
  readonly changes: readonly RequestChange[];
}

/** What `gateway diff` found. */
export interface RoutingDiff {
  /** Known requests decided on both tables. */
  readonly total: number;
  /** Requests whose outcome changed (the sum over `groups`). */
  readonly changed: number;
  readonly groups: readonly ChangeGroup[];
}

/** Decides `cases` on `before` and `after` (clock pinned at `now`) and groups the changes. */
export async function diffRouting(
  before: RouteTable,
  after: RouteTable,
  cases: readonly TestCase[],
  now: number,
): Promise<RoutingDiff> {
  const groups = new Map<string, RequestChange[]>();
  let changed = 0;
  for (const testCase of cases) {
    const [a, b] = await Promise.all([decideCase(before, testCase, now), decideCase(after, testCase, now)]);
    const fields = OUTCOME_FIELDS.filter((field) => a[field] !== b[field]);
    if (fields.length === 0) continue;
    changed++;
    const label = groupLabel(a, b, fields);
    const list = groups.get(label) ?? [];
    list.push({ case: testCase, before: a, after: b, fields });
    groups.set(label, list);
  }
  return {
    total: cases.length,
    changed,
    groups: [...groups].map(([label, changes]) => ({ label, changes })),
  };
}

function groupLabel(a: RequestOutcome, b: RequestOutcome, fields: readonly OutcomeField[]): string {
  return fields
    .map((field) =>
      field === 'path' ? 'path changed' : `${field}: ${showValue(a[field])} → ${showValue(b[field])}`,
    )
    .join('; ');
}

/** `—` for nothing, else the value as written. */
export function showValue(value: string | number | null): string {
  return value === null ? '—' : String(value);
}
