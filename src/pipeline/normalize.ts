/**
 * The `normalize` stage: turns a `RequestInput` into the `NormalizedRequest` every later stage
 * reads — canonical path, query, host and client address — or rejects it with a precise 4xx.
 * The rules are in docs/matching.md ("Normalization").
 */
import { resolveClientIp } from './normalize/client-ip.js';
import { normalizePath } from './normalize/path.js';
import { parseHost, splitTarget } from './normalize/target.js';
import type { NormalizedRequest, RequestInput } from './types.js';

export { resolveClientIp } from './normalize/client-ip.js';
export { hasDotParameters, hasEncodedSlash, MAX_PATH_LENGTH, normalizePath } from './normalize/path.js';
export { parseHost, splitTarget } from './normalize/target.js';

export type NormalizeResult =
  | {
      readonly ok: true;
      readonly request: NormalizedRequest;
      /**
       * Set when the path has an encoded slash or backslash (`%2F`/`%5C`, kept encoded in
       * `request.path`). Only routes with `match.allowEncodedSlashes` match such a path; when no
       * route does, the pipeline answers with this status and reason instead of 404.
       */
      readonly encodedSlash: { readonly status: 400; readonly reason: string } | undefined;
      /**
       * Set when a dot segment carries `;` parameters (`/public/..;/admin`, kept as is in
       * `request.path`). Only routes with `match.allowPathParameters` match such a path; when no
       * route does, the pipeline answers 400 with this reason.
       */
      readonly dotParameters?: { readonly status: 400; readonly reason: string } | undefined;
    }
  | {
      readonly ok: false;
      /** 400 malformed or ambiguous; 414 path longer than 8 KiB; 431 reserved for header limits. */
      readonly status: 400 | 414 | 431;
      readonly reason: string;
    };

const METHOD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Normalizes one request.
 * @example
 * normalize({ method: 'get', url: '/v1//products/../admin?x=1', headers: { host: 'API.local:8080' },
 *             remoteAddress: '::ffff:127.0.0.1', scheme: 'http' }, { trustedProxies: [] })
 * // { ok: true, encodedSlash: undefined, request: { method: 'GET', path: '/v1/admin', rawPath: '/v1//products/../admin',
 * //   query: 'x=1', host: 'api.local', clientIp: '127.0.0.1', … } }
 */
export function normalize(
  input: RequestInput,
  server: { readonly trustedProxies: readonly string[] },
): NormalizeResult {
  if (!METHOD.test(input.method))
    return { ok: false, status: 400, reason: `invalid method "${input.method}"` };
  const target = splitTarget(input.url);
  if (!target.ok) return target;
  const path = normalizePath(target.path);
  if (!path.ok) return path;
  const hostHeader = input.headers.host;
  // RFC 9112 §3.2: more than one Host is a 400. node keeps only the first copy unless the server
  // joins duplicates (`joinDuplicateHeaders`), which makes them one comma-separated value.
  if (Array.isArray(hostHeader) || hostHeader?.includes(','))
    return { ok: false, status: 400, reason: 'more than one Host header' };
  const host = parseHost(target.authority ?? (hostHeader as string | undefined));
  if (!host.ok) return host;
  const request: NormalizedRequest = {
    method: input.method.toUpperCase(),
    path: path.path,
    rawPath: target.path,
    query: target.query,
    hasQuery: target.hasQuery,
    host: host.host,
    headers: input.headers,
    clientIp: resolveClientIp(input.remoteAddress, input.headers['x-forwarded-for'], server.trustedProxies),
    scheme: input.scheme,
    readBody: input.readBody,
  };
  return {
    ok: true,
    request,
    encodedSlash: path.encodedSlash === undefined ? undefined : { status: 400, reason: path.encodedSlash },
    dotParameters: path.dotParameters === undefined ? undefined : { status: 400, reason: path.dotParameters },
  };
}
