/**
 * The `Location` of a redirect, built from the normalized request as Gateway API's
 * `RequestRedirect` does: scheme, host, port and path each kept unless the redirect changes them;
 * with no port, a changed scheme brings its well-known port, and `:80`/`:443` are left out.
 */
import type { ResolvedRedirect } from '../../config/resolved.js';
import { fillTemplate } from '../rewrite.js';
import type { NormalizedRequest } from '../types.js';

const WELL_KNOWN: Readonly<Record<string, string>> = { http: '80', https: '443' };

/**
 * @example
 * redirectLocation({ scheme: 'https', path: { kind: 'keep' }, status: 301, … },
 *   { scheme: 'http', host: 'shop.local', port: '8080', path: '/cart', query: 'x=1', … }, {})
 * // 'https://shop.local/cart?x=1'
 */
export function redirectLocation(
  redirect: ResolvedRedirect,
  request: NormalizedRequest,
  params: Readonly<Record<string, string>>,
): string {
  const scheme = redirect.scheme ?? request.scheme;
  const host = redirect.host ?? (request.host || 'localhost');
  const port = redirectPort(redirect, request, scheme);
  const authority = port === WELL_KNOWN[scheme] ? host : `${host}:${port}`;
  const path = redirectPath(redirect.path, request.path, params);
  const query = redirect.stripQuery || request.query === '' ? '' : `?${request.query}`;
  return `${scheme}://${authority}${path}${query}`;
}

// Gateway API: no port → the redirect scheme's well-known port when a scheme is given, else the
// port the request came to (the listener's: the one the client named, or its scheme's default).
function redirectPort(redirect: ResolvedRedirect, request: NormalizedRequest, scheme: string): string {
  if (redirect.port !== undefined) return String(redirect.port);
  if (redirect.scheme !== undefined) return WELL_KNOWN[scheme]!;
  return request.port || WELL_KNOWN[request.scheme]!;
}

function redirectPath(
  rule: ResolvedRedirect['path'],
  path: string,
  params: Readonly<Record<string, string>>,
): string {
  switch (rule.kind) {
    case 'keep':
      return path;
    case 'template':
      return fillTemplate(rule.template, params);
    case 'prefix':
      return joinRest(rule.to, path.slice(rule.from.length), true);
    case 'rest':
      return joinRest(rule.to, params['**'] ?? '', false);
    case 'regex': {
      const out = path.replace(rule.pattern, rule.replacement);
      return out.startsWith('/') ? out : `/${out}`;
    }
  }
}

/**
 * `to` + the rest: a byte prefix's rest is appended as it is (`/v1` → `/v2` keeps `/v1beta` as
 * `/v2beta`), a `**` rest after one slash; an empty rest leaves `to` alone.
 */
function joinRest(to: string, rest: string, bytes: boolean): string {
  if (rest === '') return to;
  if (bytes) return to.endsWith('/') && rest.startsWith('/') ? to + rest.slice(1) : to + rest;
  return `${to.endsWith('/') ? to : `${to}/`}${rest}`;
}
