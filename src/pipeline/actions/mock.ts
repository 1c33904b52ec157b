/**
 * `mock`: the gateway answers in place of an upstream — one answer or the next of a `sequence`
 * (templates filled from path parameters, query and headers), or the operation of an OpenAPI
 * document the (rewritten) path and method select. A sequence's position is runtime state read
 * through the context, so `explain` shows the next answer without moving on.
 */
import { answerFromOpenApi, fillAnswer, readPrefer, type TemplateValues } from '../mock/index.js';
import { problem } from '../problem.js';
import { LOOK_ONLY } from '../route-state.js';
import type { ActionContext, ActionOutcome, RouteAction } from './api.js';

export const mockAction: RouteAction = {
  name: 'mock',
  selects: (route) => route.mock !== undefined,
  run: answerWithMock,
};

function answerWithMock(context: ActionContext): ActionOutcome {
  const { route, request, params, head, ctx } = context;
  const mock = route.mock;
  if (mock === undefined)
    throw new Error(
      `route "${route.name}" has a mock that was not compiled: compileTable should have built it`,
    );
  const path = (head.upstreamPath ?? request.path).split('?', 1)[0]!;
  if (mock.kind === 'openapi') {
    const answer = answerFromOpenApi(mock.api, request.method, path, readPrefer(request.headers.prefer));
    if (!answer.ok) {
      const body = problem('mock-unavailable', answer.status, answer.detail, { route: route.name });
      return {
        tail: {
          action: 'reject',
          status: answer.status,
          problem: body,
          ...(answer.allow && { responseHeaders: { ...head.responseHeaders, allow: answer.allow } }),
        },
        steps: [{ stage: 'mock', ok: false, summary: answer.detail }],
      };
    }
    const response = { status: answer.status, headers: answer.headers, body: answer.body };
    return {
      tail: { action: 'respond', status: answer.status, response },
      steps: [{ stage: 'mock', ok: true, summary: `openapi ${answer.summary}` }],
    };
  }
  const state = ctx.routeState ?? LOOK_ONLY;
  const index = state.sequences.next(route.name, mock.answers.length, mock.loop, state.consume);
  const values: TemplateValues = {
    params,
    query: new URLSearchParams(request.query),
    headers: request.headers,
    method: request.method,
    path: request.path,
  };
  const filled = fillAnswer(mock.answers[index]!, values);
  const position = mock.answers.length > 1 ? ` (answer ${index + 1} of ${mock.answers.length})` : '';
  const latency = filled.latencyMs > 0 ? ` after ${filled.latencyMs}ms` : '';
  return {
    tail: {
      action: 'respond',
      status: filled.status,
      response: {
        status: filled.status,
        headers: filled.headers,
        body: filled.body,
        ...(filled.latencyMs > 0 && { latencyMs: filled.latencyMs }),
      },
    },
    steps: [{ stage: 'mock', ok: true, summary: `mock answers ${filled.status}${latency}${position}` }],
  };
}
