/**
 * `upstream`: forward to an upstream — for a traffic split, one side is chosen first (`split`
 * step) — then the balancer picks a target (`balance` step), and for gRPC and SOAP upstreams the
 * transform plans the call (`transform` step).
 */
import type { ResolvedUpstream } from '../../config/resolved.js';
import { selectTarget } from '../balance/index.js';
import { problem } from '../problem.js';
import { planMirror } from '../mirror.js';
import { chooseSplit } from '../split.js';
import type { Decision, TraceStep } from '../types.js';
import type { ActionContext, ActionOutcome, RouteAction } from './api.js';

export const upstreamAction: RouteAction = {
  name: 'upstream',
  selects: (route) => route.upstream !== undefined || route.split !== undefined,
  run: forwardTo,
};

async function forwardTo(context: ActionContext): Promise<ActionOutcome> {
  const { route, request, table, ctx } = context;
  const steps: TraceStep[] = [];
  let name = route.config.upstream;
  let split: Decision['split'];
  if (route.config.split) {
    const choice = chooseSplit(route.config.split, request, ctx.random);
    steps.push({
      stage: 'split',
      ok: choice.ok,
      summary: choice.ok ? `${choice.upstream} — ${choice.reason}` : choice.reason,
    });
    if (!choice.ok) {
      const body = problem('no-healthy-target', 503, choice.reason, { route: route.name });
      return { tail: { action: 'reject', status: 503, problem: body }, steps };
    }
    name = choice.upstream;
    split = {
      upstream: choice.upstream,
      reason: choice.reason,
      ...(choice.setCookie && { setCookie: choice.setCookie }),
    };
  }
  const upstream: ResolvedUpstream | undefined = table.config.upstreams[name ?? ''];
  if (!upstream)
    throw new Error(`route "${route.name}" names no known upstream: resolveConfig should have refused it`);
  // balanceAndPlan adds its steps (balance, transform) to `steps`.
  const { tail } = await balanceAndPlan(context, upstream, steps);
  let mirror: Decision['mirror'];
  if (route.config.mirror && tail.action === 'forward') {
    const planned = planMirror(route.config.mirror, request, table, ctx);
    mirror = planned.mirror;
    steps.push(planned.step);
  }
  return { tail: { ...tail, ...(split && { split }), ...(mirror && { mirror }) }, steps };
}

/** The balancer picks a target; a gRPC/SOAP route's transform plans the call. */
async function balanceAndPlan(
  context: ActionContext,
  upstream: ResolvedUpstream,
  steps: TraceStep[],
): Promise<ActionOutcome> {
  const { route, request, ctx, head } = context;
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
