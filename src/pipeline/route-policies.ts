/**
 * The stages between auth and the route's action: rate limit, then faults. Each may answer the
 * request itself (429 `quota-exceeded`, or an injected abort marked `"injected": true`); when
 * neither does, their outcomes ride on the Decision for the proxy to carry out (a delay, a
 * bandwidth limit, the RateLimit fields on the answer).
 */
import { decideFault, type FaultOutcome, faultProblem, faultSummary } from './fault/index.js';
import { problem } from './problem.js';
import { decideRateLimit, type RateLimitOutcome, rateLimitSummary } from './rate-limit/index.js';
import type { DecideContext } from './context.js';
import { LOOK_ONLY } from './route-state.js';
import type { CompiledRoute, RouteTable } from './table.js';
import type { AuthOutcome, NormalizedRequest, Problem, TraceStep } from './types.js';

/** What the policies decided: go on (with headers for the answer), or answer now with `problem`. */
export interface PolicyOutcome {
  readonly rateLimit?: RateLimitOutcome;
  readonly fault?: FaultOutcome;
  /** Response headers so far (CORS) plus the RateLimit fields. */
  readonly responseHeaders: Readonly<Record<string, string>> | undefined;
  /** Set when the request is answered here. */
  readonly problem?: Problem;
}

/** Runs the rate-limit and fault stages for `route`, adding their steps to `trace`. */
export function applyRoutePolicies(
  route: CompiledRoute,
  request: NormalizedRequest,
  auth: AuthOutcome,
  table: RouteTable,
  ctx: DecideContext,
  trace: TraceStep[],
  responseHeaders: Readonly<Record<string, string>> | undefined,
): PolicyOutcome {
  const state = ctx.routeState ?? LOOK_ONLY;
  const config = route.config;
  let headers = responseHeaders;
  let rateLimit: RateLimitOutcome | undefined;
  if (config.rateLimit !== undefined) {
    rateLimit = decideRateLimit(
      config.rateLimit,
      route.name,
      request,
      auth,
      table.authProviders,
      state.buckets,
      ctx.now(),
      state.consume,
    );
    headers = { ...headers, ...rateLimit.headers };
    trace.push({ stage: 'rateLimit', ok: rateLimit.allowed, summary: rateLimitSummary(rateLimit) });
    if (!rateLimit.allowed) {
      const detail = `rate limit of route "${route.name}" exceeded for ${rateLimit.key} (${rateLimit.requests} requests per ${rateLimit.windowSeconds}s) — retry in ${rateLimit.retryAfterSeconds}s`;
      return {
        rateLimit,
        responseHeaders: headers,
        problem: problem('quota-exceeded', 429, detail, {
          route: route.name,
          retryAfter: rateLimit.retryAfterSeconds,
        }),
      };
    }
  }

  const fault = decideFault(config.fault, state.chaos.get(route.name), request.headers, ctx.random);
  if (fault === undefined) return { rateLimit, responseHeaders: headers };
  trace.push({
    stage: 'fault',
    ok: fault.abort === undefined,
    summary: faultSummary(fault),
    details: { source: fault.source, reasons: fault.reasons },
  });
  if (fault.abort === undefined) return { rateLimit, fault, responseHeaders: headers };
  const { status, grpcStatus } = fault.abort;
  const grpc: Record<string, string> =
    grpcStatus === undefined
      ? {}
      : { 'grpc-status': String(grpcStatus), 'grpc-message': 'fault injected by the gateway' };
  return {
    rateLimit,
    fault,
    responseHeaders: { ...headers, ...grpc },
    problem: faultProblem(route.name, status, fault.source, grpcStatus),
  };
}
