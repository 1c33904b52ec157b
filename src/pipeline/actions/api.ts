/**
 * The route-action contract: what every action (`upstream`, `respond`, `redirect`, …) receives
 * once a route matched and its request passed cors, auth and rewrite, and what it gives back.
 */
import type { ResolvedRoute } from '../../config/resolved.js';
import type { DecideContext } from '../context.js';
import type { CompiledRoute, RouteTable } from '../table.js';
import type { Decision, NormalizedRequest, TraceStep } from '../types.js';

/** The Decision fields every action shares, already decided by the stages before it. */
export type DecisionHead = Pick<
  Decision,
  | 'request'
  | 'route'
  | 'params'
  | 'upstreamPath'
  | 'headers'
  | 'auth'
  | 'responseHeaders'
  | 'responseEdits'
  | 'hostFromTarget'
  | 'rateLimit'
  | 'fault'
>;

/** What an action adds to the head: at least `action`; `upstream`, `target`, `response`, … as it needs. */
export type DecisionTail = Pick<Decision, 'action'> &
  Partial<Omit<Decision, 'action' | 'request' | 'route' | 'trace'>>;

/** Everything an action may read: the matched route, the normalized request, the table and the context. */
export interface ActionContext {
  readonly route: CompiledRoute;
  readonly request: NormalizedRequest;
  /** Path parameters the route captured. */
  readonly params: Readonly<Record<string, string>>;
  /** The shared Decision fields (the rewritten `upstreamPath`, the header edits, auth's outcome). */
  readonly head: DecisionHead;
  readonly table: RouteTable;
  readonly ctx: DecideContext;
}

/** An action's answer: the rest of the Decision, and the trace steps that explain it. */
export interface ActionOutcome {
  readonly tail: DecisionTail;
  /** Usually one step (`respond`, `redirect`); `upstream` adds `balance` and maybe `transform`. */
  readonly steps: readonly TraceStep[];
}

/** One route action. */
export interface RouteAction {
  /** The route option that selects it, and its name in traces: `'upstream'`, `'respond'`. */
  readonly name: string;
  /** `true` when this route is handled by this action (config validation allows exactly one). */
  selects(route: ResolvedRoute): boolean;
  run(context: ActionContext): ActionOutcome | Promise<ActionOutcome>;
}
