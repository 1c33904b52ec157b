/**
 * Executing a Decision with a `transform` (gRPC or SOAP upstream): the protocol module builds and
 * sends the call the plan describes and gives back an HTTP answer, which is written here with the
 * Decision's response headers. src/protocols loads only when the first such request arrives, so a
 * plain HTTP config never loads @grpc/grpc-js or soap.
 */
import type { ServerResponse } from 'node:http';
import type { ResolvedUpstream } from '../config/resolved.js';
import type { TargetPick, TransformPlan } from '../pipeline/types.js';
import { sendError } from './answer.js';
import type { Exchange } from './exchange.js';
import { formatMs } from './upstream-errors.js';

/** What a protocol call answers with. */
export interface ProtocolResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** A whole body, or chunks (server streaming: one JSON document per chunk). */
  readonly body: string | AsyncIterable<string>;
}

export interface ProtocolCallOptions {
  readonly upstream: ResolvedUpstream;
  /** Milliseconds for the whole call. */
  readonly timeout: number;
  readonly signal?: AbortSignal;
}

/** The part of src/protocols the proxy uses. */
export interface ProtocolModule {
  callGrpc(
    plan: Extract<TransformPlan, { kind: 'grpc' }>,
    target: TargetPick,
    options: ProtocolCallOptions,
  ): Promise<ProtocolResponse>;
  callSoap(
    plan: Extract<TransformPlan, { kind: 'soap' }>,
    target: TargetPick,
    options: ProtocolCallOptions,
  ): Promise<ProtocolResponse>;
}

// A variable specifier: the module is another engineer's and loads only when needed.
const PROTOCOLS = '../protocols/index.js';
let protocols: Promise<ProtocolModule> | undefined;

/** Calls the gRPC/SOAP target of `ex`'s Decision and writes the answer. */
export async function callTransform(res: ServerResponse, ex: Exchange): Promise<void> {
  const decision = ex.decision!;
  const plan = decision.transform!;
  const { table, pools } = ex.generation;
  const upstream = table.config.upstreams[decision.upstream!]!;
  const target = decision.target!;
  const timeout = table.config.routes[decision.route!.index]?.timeout ?? upstream.timeouts.response;
  const admission = await pools.admit(upstream);
  if (!admission.ok) {
    ex.status = 503;
    ex.error = admission.reason;
    ex.bytes = sendError(res, 'circuit-open', 503, admission.reason, decision);
    return;
  }
  ex.admission = admission;
  pools.started(upstream.name, target.id);
  const controller = new AbortController();
  res.once('close', () => controller.abort());
  let response: ProtocolResponse;
  try {
    protocols ??= import(PROTOCOLS) as Promise<ProtocolModule>;
    const module = await protocols;
    const options = { upstream, timeout, signal: controller.signal };
    response =
      plan.kind === 'grpc'
        ? await module.callGrpc(plan, target, options)
        : await module.callSoap(plan, target, options);
  } catch (error) {
    const aborted = controller.signal.aborted;
    pools.finished(upstream.name, target.id, aborted ? 'aborted' : 'connect-error');
    if (aborted) return;
    ex.status = 502;
    ex.error = `${plan.kind === 'grpc' ? 'gRPC' : 'SOAP'} call to ${target.id} failed: ${(error as Error)?.message ?? error}`;
    ex.bytes = sendError(res, 'bad-gateway', 502, ex.error, decision);
    return;
  }
  pools.finished(
    upstream.name,
    target.id,
    response.status >= 500 ? (response.status === 504 ? 'timeout' : 'http-5xx') : 'success',
  );
  if (ex.closed || res.headersSent) return;
  ex.status = response.status;
  await writeProtocolResponse(res, ex, response);
  if (response.status === 504 && ex.error === undefined) ex.error = `no answer within ${formatMs(timeout)}`;
}

async function writeProtocolResponse(
  res: ServerResponse,
  ex: Exchange,
  response: ProtocolResponse,
): Promise<void> {
  const headers = { ...response.headers, ...ex.decision!.responseHeaders };
  if (typeof response.body === 'string') {
    ex.bytes = Buffer.byteLength(response.body);
    res.writeHead(response.status, { ...headers, 'content-length': ex.bytes });
    res.end(res.req.method === 'HEAD' ? undefined : response.body);
    return;
  }
  res.writeHead(response.status, headers);
  try {
    for await (const chunk of response.body) {
      if (res.destroyed) break;
      ex.bytes += Buffer.byteLength(chunk);
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  } catch (error) {
    ex.error = `stream from upstream failed: ${(error as Error)?.message ?? error}`;
    res.destroy();
  }
}
