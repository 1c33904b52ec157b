/**
 * `upstream`: forward to an upstream — the balancer picks a target (`balance` step), and for
 * gRPC and SOAP upstreams the transform plans the call (`transform` step).
 */
import type { ResolvedUpstream } from '../../config/resolved.js';
import { selectTarget } from '../balance/index.js';
import { problem } from '../problem.js';
import type { Decision, TraceStep } from '../types.js';
import type { ActionContext, ActionOutcome, RouteAction } from './api.js';

export const upstreamAction: RouteAction = {
  name: 'upstream',
  selects: (route) => route.upstream !== undefined,
  run: forwardTo,
};

async function forwardTo(context: ActionContext): Promise<ActionOutcome> {
  const { route, request, table, ctx, head } = context;
  const upstream: ResolvedUpstream | undefined = table.config.upstreams[route.config.upstream ?? ''];
  if (!upstream)
    throw new Error(`route "${route.name}" names no known upstream: resolveConfig should have refused it`);
  const steps: TraceStep[] = [];
  const selection = selectTarget(upstream, ctx.pools, request, ctx);
  if (!selection.ok) {
    steps.push({ stage: 'balance', ok: false, summary: selection.reason });
    const body = problem('no-healthy-target', 503, selection.reason, {
      route: route.name,
      upstream: upstream.name,
    });
    return { tail: { action: 'reject', status: 503, problem: body, upstream: upstream.name }, steps };
  }
  steps.push({
    stage: 'balance',
    ok: true,
    summary: `${selection.pick.id} — ${selection.pick.reason}`,
    details: selection.pick,
  });

  let transform: Decision['transform'];
  if (route.transform) {
    const planned = await route.transform.plan({
      request,
      upstreamPath: head.upstreamPath ?? request.path,
      params: context.params,
      headers: head.headers ?? { set: {}, remove: [] },
    });
    if (!planned.ok) {
      steps.push({ stage: 'transform', ok: false, summary: planned.problem.detail });
      const body = { ...planned.problem, route: route.name, upstream: upstream.name };
      return {
        tail: {
          action: 'reject',
          status: body.status,
          problem: body,
          upstream: upstream.name,
          target: selection.pick,
        },
        steps,
      };
    }
    transform = planned.plan;
    steps.push({
      stage: 'transform',
      ok: true,
      summary: transformSummary(planned.plan),
      details: planned.plan,
    });
  }
  return { tail: { action: 'forward', upstream: upstream.name, target: selection.pick, transform }, steps };
}

function transformSummary(plan: NonNullable<Decision['transform']>): string {
  return plan.kind === 'grpc'
    ? `gRPC ${plan.method}, chosen by ${plan.source}`
    : `SOAP ${plan.version} operation ${plan.operation}`;
}
