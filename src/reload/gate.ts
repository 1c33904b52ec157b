/**
 * The shape of a reload gate: a check the applier runs on a changed table before it serves. The
 * route-test gate itself (src/diff/reload-gate.ts) runs tests, which live above this layer;
 * `gateway dev` builds it and hands it down.
 */
import type { ConfigIssue } from '../config/issues.js';
import type { RouteTable } from '../pipeline/table.js';

/** What the gate says about a new table. */
export type GateVerdict =
  | { readonly ok: true; readonly requests: { readonly changed: number; readonly known: number } }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[]; readonly failedTests: number };

/** Checks `next` against the table serving now. */
export type ReloadGate = (next: RouteTable, current: RouteTable) => Promise<GateVerdict>;
