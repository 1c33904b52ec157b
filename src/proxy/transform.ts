/**
 * Executing a Decision with a `transform` (gRPC or SOAP upstream): the protocol module builds and
 * sends the call the plan describes and gives back an HTTP answer, which is written here with the
 * Decision's response headers. src/protocols loads only when the first such request arrives, so a
 * plain HTTP config never loads @grpc/grpc-js or soap (they load on first call inside it, too).
 */
import type { ServerResponse } from 'node:http';
import type { RouteTable } from '../pipeline/table.js';
import type { ProtocolResponse } from '../protocols/index.js';
import { sendError } from './answer.js';
import type { Exchange } from './exchange.js';
import { formatMs } from './upstream-errors.js';

type Protocols = typeof import('../protocols/index.js');
let protocols: Promise<Protocols> | undefined;

/** After a reload: close gRPC channels to targets the new table no longer has (if gRPC was ever used). */
export function retainProtocolChannels(table: RouteTable): void {
  if (protocols === undefined) return;
  const targets = Object.values(table.config.upstreams)
    .filter((u) => u.protocol === 'grpc')
    .flatMap((u) => u.targets);
  void protocols.then((m) => m.defaultChannelPool.retain(targets));
}

/** On shutdown: close every gRPC channel (calls in flight finish). */
export function closeProtocolChannels(): void {
  void protocols?.then((m) => m.defaultChannelPool.close());
}

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
  const compiled = table.routes.find((r) => r.name === decision.route!.name)?.transform;
  let response: ProtocolResponse;
  try {
    if (compiled === undefined) throw new Error(`route "${decision.route!.name}" has no compiled transform`);
    protocols ??= import('../protocols/index.js');
    const { executePlan } = await protocols;
    const accept = res.req.headers.accept;
    response = await executePlan(compiled, plan, target, { timeout, signal: controller.signal, accept });
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
