/**
 * `callSoap`: sends a plan's operation to one target with the `soap` package and answers JSON.
 * One client per (compiled transform, endpoint), made from the WSDL the transform already parsed,
 * so a reload (a new table) also means new clients. The endpoint is the target URL; when it has no
 * path, the path of the port's address in the WSDL is used (`http://127.0.0.1:4501` →
 * `http://127.0.0.1:4501/inventory`).
 */
import type { Client, WSDL } from 'soap';
import type { SoapTransform } from '../../pipeline/transform/compiled.js';
import type { Problem, TransformPlan } from '../../pipeline/types.js';
import type { ProtocolResponse, ProtocolTarget } from '../api.js';
import { soapProblem } from './fault.js';
import { createGuardedHttpClient } from './guard.js';

export interface SoapCallOptions {
  /** The compiled transform the plan came from (it holds the parsed WSDL and the clients). */
  readonly transform: SoapTransform;
  /** Milliseconds: the route's timeout; no answer within it is a 504. */
  readonly timeout: number;
  /** Aborting cancels the request (the client went away): 499. */
  readonly signal?: AbortSignal;
}

type Callback = (error: unknown, result: unknown) => void;
type Operation = (args: unknown, callback: Callback, options: object) => void;

/** Sends the call. Never rejects: every failure is a problem response. */
export async function callSoap(
  plan: TransformPlan,
  target: ProtocolTarget,
  options: SoapCallOptions,
): Promise<ProtocolResponse> {
  if (plan.kind !== 'soap') throw new Error('callSoap was given a gRPC plan');
  if (!options.transform)
    throw new Error(
      "callSoap needs options.transform: the route's compiled transform (CompiledRoute.transform)",
    );
  const { transform } = options;
  const context = { operation: plan.operation, upstream: transform.upstream, target: target.id };
  const endpoint = endpointFor(target.url, transform.addressPath);
  const client = await clientFor(transform, endpoint);
  const ports = (client as unknown as Record<string, Record<string, Record<string, Operation>>>)[
    transform.service
  ];
  const operation = ports?.[transform.port]?.[plan.operation];
  if (!operation)
    throw new Error(`the WSDL client has no ${transform.service}.${transform.port}.${plan.operation}`);

  return new Promise((resolve) => {
    const callOptions = { timeout: options.timeout, ...(options.signal ? { signal: options.signal } : {}) };
    operation(
      plan.args,
      (error, result) => {
        if (error) resolve(problemResponse(soapProblem(error, context, options.timeout)));
        else
          resolve({
            status: 200,
            headers: { 'content-type': 'application/json; charset=utf-8' },
            body: JSON.stringify(result ?? null),
          });
      },
      callOptions,
    );
  });
}

/** The target URL, or its origin plus the WSDL address path when the target has no path. */
export function endpointFor(targetUrl: string, addressPath: string): string {
  const url = new URL(targetUrl);
  if (url.pathname === '/' || url.pathname === '') url.pathname = addressPath;
  return url.toString();
}

async function clientFor(transform: SoapTransform, endpoint: string): Promise<Client> {
  const cached = transform.clients.get(endpoint) as Client | undefined;
  if (cached) return cached;
  const soap = await import('soap');
  const client = new soap.Client(transform.wsdl as WSDL, endpoint, {
    forceSoap12Headers: transform.version === '1.2',
    httpClient: await createGuardedHttpClient(),
  });
  transform.clients.set(endpoint, client);
  return client;
}

function problemResponse(body: Problem): ProtocolResponse {
  return {
    status: body.status,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify(body),
  };
}
