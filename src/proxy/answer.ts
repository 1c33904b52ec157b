/**
 * Answers the gateway writes itself: RFC 9457 problem documents, `respond` routes, forward
 * auth's denials passed through as they came. Every writer checks `headersSent` first — an
 * error that arrives after the upstream's answer began can only end the connection.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { PROBLEM_CONTENT_TYPE, type ProblemKind, problem } from '../pipeline/problem.js';
import { editResponseHeaders } from '../pipeline/response-headers.js';
import type { Decision, Problem } from '../pipeline/types.js';

/** Writes `body` as a problem document (adding `extra` headers, e.g. CORS, `www-authenticate`). */
export function sendProblem(
  res: ServerResponse,
  body: Problem,
  extra?: Readonly<Record<string, string>>,
): number {
  if (res.headersSent) {
    res.destroy();
    return 0;
  }
  const json = JSON.stringify(body);
  const headers: OutgoingHttpHeaders = {
    ...extra,
    'content-type': PROBLEM_CONTENT_TYPE,
    'content-length': Buffer.byteLength(json),
    'cache-control': 'no-store',
  };
  res.writeHead(body.status, headers);
  res.end(res.req.method === 'HEAD' ? undefined : json);
  return Buffer.byteLength(json);
}

/** Shorthand for gateway errors that happen while forwarding (502, 504, 413, …). */
export function sendError(
  res: ServerResponse,
  kind: ProblemKind,
  status: number,
  detail: string,
  decision: Decision | undefined,
): number {
  const extras: Record<string, unknown> = {};
  if (decision?.route) extras.route = decision.route.name;
  if (decision?.upstream) extras.upstream = decision.upstream;
  if (decision?.target) extras.target = decision.target.id;
  return sendProblem(res, problem(kind, status, detail, extras), decision?.responseHeaders);
}

/** Executes a `reject` Decision: forward auth's own answer when it has one, else the problem. */
export function sendRejection(res: ServerResponse, decision: Decision): number {
  const passthrough = decision.auth?.passthrough;
  if (passthrough !== undefined && !res.headersSent) {
    const headers: OutgoingHttpHeaders = { ...passthrough.headers, ...decision.responseHeaders };
    delete headers['content-length'];
    delete headers['transfer-encoding'];
    delete headers.connection;
    headers['content-length'] = Buffer.byteLength(passthrough.body);
    res.writeHead(passthrough.status, headers);
    res.end(passthrough.body);
    return Buffer.byteLength(passthrough.body);
  }
  const body = decision.problem ?? problem('upstream-error', decision.status ?? 500, 'request rejected');
  return sendProblem(res, body, decision.responseHeaders);
}

/** Executes a `respond` Decision (CORS preflights, `respond` routes, `/health`). */
export function sendResponse(res: ServerResponse, decision: Decision): number {
  const response = decision.response;
  if (response === undefined || res.headersSent) {
    res.destroy();
    return 0;
  }
  const headers = editResponseHeaders(
    { ...response.headers, ...decision.responseHeaders },
    decision.responseEdits,
  ) as OutgoingHttpHeaders;
  headers['content-length'] = Buffer.byteLength(response.body);
  res.writeHead(response.status, headers);
  res.end(res.req.method === 'HEAD' ? undefined : response.body);
  return Buffer.byteLength(response.body);
}
