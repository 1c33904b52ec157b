/** Helpers for the transform/gRPC/SOAP tests: configs resolved by the real resolver, requests, plans. */
import { resolveConfig } from '../src/config/resolve.js';
import type { ResolvedConfig } from '../src/config/resolved.js';
import type { PlanResult } from '../src/pipeline/transform/api.js';
import type { ProtocolTransform } from '../src/pipeline/transform/compiled.js';
import { compileTransforms } from '../src/pipeline/transform/index.js';
import type { NormalizedRequest } from '../src/pipeline/types.js';
import type { ProtocolResponse } from '../src/protocols/api.js';

/** Resolves a user config (paths relative to the repo root); throws on issues. */
export function resolved(user: unknown): ResolvedConfig {
  const result = resolveConfig(user, { dir: process.cwd(), file: 'gateway.config.ts' });
  if (!result.ok) throw new Error(result.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return result.config;
}

/** Compiles and returns the transform of `route`; throws on issues. */
export async function transformOf(config: ResolvedConfig, route: string): Promise<ProtocolTransform> {
  const compiled = await compileTransforms(config);
  if (!compiled.ok) throw new Error(compiled.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  const transform = compiled.transforms.get(route);
  if (!transform) throw new Error(`no transform for route ${route}`);
  return transform;
}

export interface RequestOptions {
  readonly headers?: Record<string, string>;
  /** A JSON value (serialized), or raw text when a string. */
  readonly body?: unknown;
  /** Makes `readBody` reject like the proxy does over the limit. */
  readonly tooLarge?: boolean;
}

/** A normalized request for `method upstreamPath`. */
export function request(method: string, url: string, options: RequestOptions = {}): NormalizedRequest {
  const [path = '/', query = ''] = url.split('?', 2);
  const text =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  return {
    method,
    path,
    rawPath: path,
    query,
    host: 'localhost',
    headers: { ...(text !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
    clientIp: '127.0.0.1',
    scheme: 'http',
    readBody:
      text === undefined && !options.tooLarge
        ? undefined
        : async () => {
            if (options.tooLarge) throw Object.assign(new Error('body too large'), { status: 413 });
            return new TextEncoder().encode(text);
          },
  };
}

/** Plans `method url` (the url is taken as already rewritten). */
export function plan(
  transform: ProtocolTransform,
  method: string,
  url: string,
  options: RequestOptions & { params?: Record<string, string> } = {},
): Promise<PlanResult> {
  return transform.plan({
    request: request(method, url, options),
    upstreamPath: url,
    params: options.params ?? {},
  });
}

/** Reads a response body, streamed or not, into one string. */
export async function bodyText(response: ProtocolResponse): Promise<string> {
  if (typeof response.body === 'string') return response.body;
  let text = '';
  for await (const chunk of response.body) text += chunk;
  return text;
}
