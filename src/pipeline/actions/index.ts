/**
 * Route actions, as a registry: what a matched route does once cors, auth and rewrite passed.
 *
 * Every action has one shape ({@link RouteAction}): a `name` (the route option that selects
 * it), `selects(route)` (does this resolved route use it?) and `run(context)`, a small function
 * over the matched-route context ({@link ActionContext}: the compiled route, the normalized
 * request, path params, the Decision head so far, the table and the DecideContext with its
 * pinned `now`/`random`) returning the Decision tail and its trace steps ({@link ActionOutcome}).
 * `decide` only dispatches: it asks {@link actionFor} and merges head, tail and steps.
 *
 * Adding an action is adding a file here and a line in `ROUTE_ACTIONS`, plus its route option
 * (schema, `ROUTE_ACTION_KEYS` in config/schema/route.ts, resolve-route.ts).
 * @example
 * export const teapotAction: RouteAction = {
 *   name: 'teapot',
 *   selects: (route) => route.teapot !== undefined,
 *   run: () => ({
 *     tail: { action: 'respond', status: 418, response: { status: 418, headers: {}, body: '' } },
 *     steps: [{ stage: 'respond', ok: true, summary: 'I am a teapot' }],
 *   }),
 * };
 */
import type { ResolvedRoute } from '../../config/resolved.js';
import type { RouteAction } from './api.js';
import { redirectAction } from './redirect.js';
import { mockAction } from './mock.js';
import { respondAction } from './respond.js';
import { upstreamAction } from './upstream.js';

export type { ActionContext, ActionOutcome, DecisionHead, DecisionTail, RouteAction } from './api.js';

/** Every route action. Config validation lets a route select exactly one. */
export const ROUTE_ACTIONS: readonly RouteAction[] = [
  respondAction,
  redirectAction,
  mockAction,
  upstreamAction,
];

/** The action a resolved route selects; `undefined` only for a route resolveConfig should have refused. */
export function actionFor(route: ResolvedRoute): RouteAction | undefined {
  return ROUTE_ACTIONS.find((action) => action.selects(route));
}
