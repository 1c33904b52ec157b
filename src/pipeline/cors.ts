/**
 * CORS stage. A route (or `server.cors`) with CORS configured gets its preflights answered
 * by the gateway and CORS headers added to its answers. Without configuration, nothing
 * happens here: preflights are forwarded untouched, as Vite's proxy users expect.
 */
import type { ResolvedCors } from '../config/resolved.js';
import type { NormalizedRequest } from './types.js';

export type CorsResult =
  /** Not a CORS request, or no CORS configured: nothing to do. */
  | { readonly kind: 'none' }
  /** A preflight the gateway answers itself. */
  | {
      readonly kind: 'preflight';
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly reason: string;
    }
  /** A CORS request to forward; these headers go on the answer. */
  | { readonly kind: 'actual'; readonly headers: Readonly<Record<string, string>>; readonly reason: string };

/** Evaluates CORS for a request against the route's effective CORS settings. */
export function evaluateCors(cors: ResolvedCors | undefined, request: NormalizedRequest): CorsResult {
  const origin = header(request, 'origin');
  if (!cors || origin === undefined) return { kind: 'none' };
  const allowed = isOriginAllowed(cors, origin);
  const isPreflight =
    request.method === 'OPTIONS' && header(request, 'access-control-request-method') !== undefined;
  const base: Record<string, string> = {};
  if (allowed) {
    base['access-control-allow-origin'] = cors.origins === '*' && !cors.credentials ? '*' : origin;
    if (cors.credentials) base['access-control-allow-credentials'] = 'true';
    if (base['access-control-allow-origin'] !== '*') base.vary = 'Origin';
  }
  if (isPreflight) {
    if (!allowed)
      return { kind: 'preflight', status: 403, headers: {}, reason: `origin ${origin} is not allowed` };
    const requested = header(request, 'access-control-request-headers');
    const headers: Record<string, string> = {
      ...base,
      'access-control-allow-methods': cors.methods.join(', '),
      'access-control-max-age': String(cors.maxAgeSeconds),
    };
    const allowHeaders = cors.headers ? cors.headers.join(', ') : requested;
    if (allowHeaders) headers['access-control-allow-headers'] = allowHeaders;
    return {
      kind: 'preflight',
      status: 204,
      headers,
      reason: `preflight from ${origin} answered by the gateway`,
    };
  }
  if (!allowed)
    return { kind: 'actual', headers: {}, reason: `origin ${origin} is not allowed (no CORS headers added)` };
  if (cors.exposeHeaders.length > 0) base['access-control-expose-headers'] = cors.exposeHeaders.join(', ');
  return { kind: 'actual', headers: base, reason: `origin ${origin} allowed` };
}

/**
 * The method a CORS preflight asks about (`Access-Control-Request-Method`), upper-case, or
 * `undefined` when the request is not a preflight. Preflights are matched by that method, so a
 * route that lists `methods: ['POST']` answers the browser's `OPTIONS` for a POST.
 */
export function preflightMethod(request: NormalizedRequest): string | undefined {
  if (request.method !== 'OPTIONS' || header(request, 'origin') === undefined) return undefined;
  const asked = header(request, 'access-control-request-method');
  return asked !== undefined && METHOD_TOKEN.test(asked) ? asked.toUpperCase() : undefined;
}

const METHOD_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,20}$/;

function isOriginAllowed(cors: ResolvedCors, origin: string): boolean {
  if (cors.origins === '*') return true;
  return cors.origins.some((o) => (typeof o === 'string' ? o === origin : o.test(origin)));
}

function header(request: NormalizedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
