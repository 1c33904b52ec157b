/**
 * `decide`: the one pipeline every command shares. normalize → match → cors → auth →
 * rewrite → action (actions/: respond | upstream → balance → transform), each stage adding a
 * step to the trace.
 * `gateway dev` executes the Decision; explain, test, the UI and the log display it.
 */
import type { ResolvedRoute } from '../config/resolved.js';
import { actionFor } from './actions/index.js';
import { authorize, redactQuery } from './auth/index.js';
import type { DecideContext } from './context.js';
import { evaluateCors, preflightMethod } from './cors.js';
import { type MatchResult, matchRoute } from './match/index.js';
import { refuseMethod, refuseNeverProxied } from './methods.js';
import { answerMetrics } from './metrics-endpoint.js';
import { normalize } from './normalize.js';
import { problem } from './problem.js';
import { rewritePath } from './rewrite.js';
import { applyRoutePolicies } from './route-policies.js';
import type { CompiledRoute, RouteTable } from './table.js';
import { decideTraceContext } from './trace-context.js';
import type { Decision, HeaderEdits, NormalizedRequest, RequestInput, TraceStep } from './types.js';
import { refuseUpgrade } from './upgrade.js';

/**
 * Decides what happens to one request.
 * @example
 * const decision = await decide({ method: 'GET', url: '/v1/products/42', headers: {}, … }, table, ctx);
 * decision.action      // 'forward'
 * decision.upstreamPath // '/api/products/42'
 */
export async function decide(input: RequestInput, table: RouteTable, ctx: DecideContext): Promise<Decision> {
  return withTraceContext(await decideRoute(input, table, ctx), input, ctx);
}

/**
 * The gateway's span in the W3C trace, decided last so its ids do not shift the random numbers
 * the balancers draw. A forwarded request sends the new `traceparent` upstream (a header edit
 * like any other); every Decision carries the context for the log, the UI and span export.
 */
function withTraceContext(decision: Decision, input: RequestInput, ctx: DecideContext): Decision {
  const { context, edits } = decideTraceContext(input.headers, ctx.random);
  // decideRoute returns a Decision literal of its own: completed in place rather than copied (this
  // runs for every request), in the order a copy `{ ...decision, traceContext, headers }` would have.
  const out = decision as Writable<Decision>;
  out.traceContext = context;
  if (decision.action !== 'forward') return out;
  const headers = decision.headers;
  out.headers = {
    remove: headers === undefined ? edits.remove : [...headers.remove, ...edits.remove],
    set: { ...headers?.set, ...edits.set },
  };
  // A gRPC upstream gets it as metadata (the W3C key gRPC uses too), beside its forwardHeaders.
  const transform = decision.transform;
  if (transform?.kind === 'grpc')
    out.transform = { ...transform, metadata: { ...transform.metadata, traceparent: context.traceparent } };
  return out;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

async function decideRoute(input: RequestInput, table: RouteTable, ctx: DecideContext): Promise<Decision> {
  const trace: TraceStep[] = [];
  const never = refuseNeverProxied(input);
  if (never) {
    trace.push({ stage: 'normalize', ok: false, summary: never.problem.detail });
    return { ...reject(never.request, never.problem, trace), responseHeaders: { allow: never.allow } };
  }
  const normalized = normalize(input, table.config.server);
  if (!normalized.ok) {
    const [path = '', query = ''] = input.url.split('?', 2);
    const request = {
      method: input.method.toUpperCase(),
      path,
      query: redactQuery(query, table.authProviders),
      host: '',
    };
    trace.push({ stage: 'normalize', ok: false, summary: normalized.reason });
    return reject(request, problem('invalid-request', normalized.status, normalized.reason), trace);
  }
  const request = normalized.request;
  // What is displayed (explain, log, UI) never shows an api-key sent in the query.
  const query = redactQuery(request.query, table.authProviders);
  const summary = { method: request.method, path: request.path, query, host: request.host };
  trace.push({
    stage: 'normalize',
    ok: true,
    summary: request.path === request.rawPath ? request.path : `${request.rawPath} → ${request.path}`,
  });
  const metrics = answerMetrics(request, summary, table, ctx, trace);
  if (metrics !== undefined) return metrics;

  const match = matchRequest(table, request, ctx.trace);
  const route = match.route;
  const ambiguity = normalized.encodedSlash ?? normalized.dotParameters;
  if (!route && ambiguity) {
    // %2F / %5C stay encoded (and `..;` stays as is) so that only routes with allowEncodedSlashes
    // (allowPathParameters) can take them; when none did, the request is ambiguous, not unrouted.
    const reason = ambiguity.reason;
    trace.push({
      stage: 'match',
      ok: false,
      summary: reason,
      details: { checks: match.checks, nearest: match.nearest },
    });
    return reject(summary, problem('invalid-request', 400, reason), trace);
  }
  const wrongMethod = route ? undefined : refuseMethod(table.routes, table.index, request);
  if (wrongMethod) {
    const { problem: body, allow } = wrongMethod;
    trace.push({
      stage: 'match',
      ok: false,
      summary: body.detail,
      details: { checks: match.checks, nearest: match.nearest, allow },
    });
    return { ...reject(summary, body, trace), responseHeaders: { allow } };
  }
  if (!route) {
    const closest = match.closest;
    const hint = closest
      ? ` — closest: "${closest.route}"${closest.failed ? ` (${closest.failed.condition}${closest.failed.name ? ` ${closest.failed.name}` : ''}: expected ${closest.failed.expected}, got ${closest.failed.actual})` : ''}`
      : '';
    const detail = `no route matched ${request.method} ${request.path}${hint}`;
    trace.push({
      stage: 'match',
      ok: false,
      summary: detail,
      details: { checks: match.checks, closest, nearest: match.nearest },
    });
    return reject(
      summary,
      problem('no-route', 404, detail, closest ? { closest: closest.route } : {}),
      trace,
    );
  }
  const routeRef = { name: route.name, index: route.index };
  const config = route.config;
  trace.push({
    stage: 'match',
    ok: true,
    summary: `route "${route.name}" (${route.match.summary})`,
    details: { checks: match.checks, params: match.params, fromDefaults: optionsFromDefaults(table, config) },
  });
  const upgradeRefused = refuseUpgrade(request, route);
  if (upgradeRefused) {
    trace.push({ stage: 'match', ok: false, summary: upgradeRefused });
    const body = problem('upgrade-not-allowed', 400, upgradeRefused, { route: route.name });
    return { ...reject(summary, body, trace), route: routeRef };
  }

  const cors = evaluateCors(
    config.cors === false ? undefined : (config.cors ?? table.config.server.cors),
    request,
  );
  if (cors.kind !== 'none')
    trace.push({ stage: 'cors', ok: cors.kind === 'actual' || cors.status < 400, summary: cors.reason });
  if (cors.kind === 'preflight' && cors.status >= 400) {
    const body = problem('forbidden', cors.status, cors.reason, { route: route.name });
    return { ...reject(summary, body, trace), route: routeRef };
  }
  if (cors.kind === 'preflight') {
    return {
      request: summary,
      action: 'respond',
      status: cors.status,
      route: routeRef,
      params: match.params,
      response: { status: cors.status, headers: cors.headers, body: '' },
      trace,
    };
  }
  const corsHeaders = cors.kind === 'actual' ? cors.headers : undefined;

  const auth = await authorize(config.auth, table.authProviders, request, ctx, {
    identityHeaders: table.identityHeaders,
  });
  trace.push({
    stage: 'auth',
    ok: auth.result !== 'deny',
    summary: authSummary(auth.result, auth.provider, auth.reason),
  });
  if (auth.result === 'deny') {
    const status = auth.status ?? 401;
    // An auth service that failed is named, so the client can tell which one.
    const extras =
      status >= 500 && auth.provider ? { route: route.name, provider: auth.provider } : { route: route.name };
    return {
      ...reject(summary, problem(denialKind(status), status, auth.reason, extras), trace),
      route: routeRef,
      auth,
      responseHeaders: {
        ...corsHeaders,
        ...(auth.challenge ? { 'www-authenticate': auth.challenge } : {}),
      },
    };
  }

  const policies = applyRoutePolicies(route, request, auth, table, ctx, trace, corsHeaders);
  const { rateLimit, fault, responseHeaders } = policies;
  if (policies.problem) {
    return {
      ...reject(summary, policies.problem, trace),
      route: routeRef,
      params: match.params,
      auth,
      rateLimit,
      fault,
      responseHeaders,
    };
  }

  const rewrite = rewritePath(config.rewrite, request.path, request.query, match.params, {
    removeQuery: auth.removeQuery,
    hasQuery: request.hasQuery,
    caseInsensitive: config.match.caseInsensitive,
  });
  const upstreamPath = rewrite.upstreamPath;
  const headers = mergeHeaderEdits(config, auth.headers);
  trace.push({
    stage: 'rewrite',
    ok: true,
    summary: rewrite.changed ? `${request.path} → ${upstreamPath}` : `${upstreamPath} (unchanged)`,
    details: { steps: rewrite.steps, headers },
  });
  const head = {
    request: summary,
    route: routeRef,
    params: match.params,
    upstreamPath,
    headers,
    auth,
    responseHeaders,
    ...(config.responseHeaders && { responseEdits: config.responseHeaders }),
    ...(config.rewrite?.host?.kind === 'target' && { hostFromTarget: true }),
    ...(rateLimit && { rateLimit }),
    ...(fault && { fault }),
  };

  const action = actionFor(config);
  if (!action)
    throw new Error(`route "${route.name}" selects no action: resolveConfig should have refused it`);
  const outcome = await action.run({ route, request, params: match.params, head, table, ctx });
  trace.push(...outcome.steps);
  return { ...head, ...outcome.tail, trace };
}

/**
 * The route for `request`. A CORS preflight is matched by the method it asks about
 * (`Access-Control-Request-Method`) when the route found that way answers CORS; otherwise (no
 * CORS there) it is an ordinary `OPTIONS` request.
 */
function matchRequest(
  table: RouteTable,
  request: NormalizedRequest,
  mode: DecideContext['trace'],
): MatchResult<CompiledRoute> {
  const asked = preflightMethod(request);
  if (asked !== undefined) {
    const preflight = matchRoute(table.routes, table.index, { ...request, method: asked }, mode);
    const cors = preflight.route?.config.cors;
    if (preflight.route && cors !== false && (cors ?? table.config.server.cors) !== undefined)
      return preflight;
  }
  return matchRoute(table.routes, table.index, request, mode);
}

/** Which of the route's (and its upstream's) options came from `defaults`, for explain; `undefined` when none. */
function optionsFromDefaults(table: RouteTable, route: ResolvedRoute) {
  const upstream = route.upstream === undefined ? undefined : table.config.upstreams[route.upstream];
  const fromRoute = route.fromDefaults ?? [];
  const fromUpstream = upstream?.fromDefaults ?? [];
  if (fromRoute.length === 0 && fromUpstream.length === 0) return undefined;
  return { route: fromRoute, upstream: fromUpstream, upstreamName: route.upstream };
}

function reject(request: Decision['request'], body: Decision['problem'] & {}, trace: TraceStep[]): Decision {
  return { request, action: 'reject', status: body.status, problem: body, trace };
}

function denialKind(status: number) {
  if (status === 403) return 'forbidden';
  if (status === 504) return 'auth-timeout';
  return status >= 500 ? 'auth-unavailable' : 'unauthorized';
}

function authSummary(result: string, provider: string | undefined, reason: string): string {
  if (result === 'public') return reason;
  return `${result}${provider ? ` by ${provider}` : ''}: ${reason}`;
}

/**
 * Header edits for the upstream request: the route's rewrite edits (and `rewrite.host`), then auth's (credential
 * stripping, client-sent identity headers removed on every route, the verified identity
 * set), which win. `remove` applies before `set`.
 */
function mergeHeaderEdits(route: ResolvedRoute, auth: HeaderEdits | undefined): HeaderEdits {
  const rewrite = route.rewrite?.headers;
  const host = route.rewrite?.host?.kind === 'literal' ? { host: route.rewrite.host.value } : undefined;
  return {
    remove: [...(rewrite?.remove ?? []), ...(auth?.remove ?? [])],
    set: { ...rewrite?.set, ...host, ...auth?.set },
  };
}
