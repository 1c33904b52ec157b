/** A route to a SOAP upstream, compiled: the operation it calls and `plan`, which builds the arguments. */
import type { TransformPlan } from '../../types.js';
import type { PlanResult, TransformInput } from '../api.js';
import { invalid, readJsonBody } from '../body.js';
import type { SoapTransform } from '../compiled.js';
import { fieldParams, splitUpstreamPath } from '../request-parts.js';
import { buildSoapArgs, type InputDescription } from './args.js';
import type { WsdlPort } from './load.js';

export interface SoapRouteSpec {
  readonly upstream: string;
  readonly wsdl: unknown;
  readonly port: WsdlPort;
  readonly operation: string;
  readonly version: '1.1' | '1.2';
  readonly input: InputDescription | undefined;
  readonly bodyLimit: number;
}

/** Builds the transform for one route. */
export function createSoapTransform(spec: SoapRouteSpec): SoapTransform {
  async function plan(input: TransformInput): Promise<PlanResult> {
    const body = await readJsonBody(input.request, spec.bodyLimit);
    if (!body.ok) return body;
    const { query } = splitUpstreamPath(input.upstreamPath);
    const built = buildSoapArgs(spec.operation, spec.input, {
      params: fieldParams(input.params),
      query,
      body: body.value,
    });
    if (!built.ok) return invalid(built.detail);
    const result: TransformPlan = {
      kind: 'soap',
      operation: spec.operation,
      version: spec.version,
      args: built.args,
    };
    return { ok: true, plan: result };
  }

  return Object.freeze({
    kind: 'soap' as const,
    upstream: spec.upstream,
    operation: spec.operation,
    version: spec.version,
    wsdl: spec.wsdl,
    service: spec.port.service,
    port: spec.port.port,
    addressPath: addressPath(spec.port.location),
    clients: new Map<string, unknown>(),
    plan,
  });
}

/** The path of a port address (`/inventory`), `/` when it is not a URL. */
export function addressPath(location: string): string {
  try {
    return new URL(location).pathname;
  } catch {
    return '/';
  }
}
