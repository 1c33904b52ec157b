/**
 * The request-target (RFC 9112 §3.2) split into path, query and authority, and the host a
 * request is for. Origin-form (`/path?query`) and absolute-form (`http://host/path`) are routed;
 * asterisk-form (`OPTIONS *`) and authority-form (`CONNECT host:port`) are not.
 */

export type TargetFailure = { readonly ok: false; readonly status: 400; readonly reason: string };

export type SplitTarget =
  | {
      readonly ok: true;
      /** The path as received (may be `''` only for absolute URLs without one, then `'/'`). */
      readonly path: string;
      /** Query without `?`, as received. */
      readonly query: string;
      /** The target had a `?` (the query may still be `''`). */
      readonly hasQuery: boolean;
      /** `host[:port]` from an absolute URL; `undefined` for origin-form. */
      readonly authority: string | undefined;
    }
  | TargetFailure;

const ABSOLUTE = /^https?:\/\//i;

/**
 * Splits a request-target.
 * @example splitTarget('http://API.local:8080/v1?x=1') // { ok: true, path: '/v1', query: 'x=1', authority: 'API.local:8080' }
 */
export function splitTarget(url: string): SplitTarget {
  if (url === '*') {
    return fail('asterisk-form request target ("OPTIONS *") is not routed; send OPTIONS to a path instead');
  }
  let rest = url;
  let authority: string | undefined;
  if (ABSOLUTE.test(url)) {
    const afterScheme = url.indexOf('//') + 2;
    let end = afterScheme;
    while (end < url.length && url[end] !== '/' && url[end] !== '?' && url[end] !== '#') end++;
    authority = url.slice(afterScheme, end);
    if (authority.includes('@'))
      return fail('user information ("user@") in an absolute request target is not allowed');
    rest = url.slice(end);
    if (rest === '' || rest[0] === '?') rest = '/' + rest;
  } else if (url[0] !== '/') {
    // Only the part before the query: a query may carry a credential (`?api_key=…`), and this
    // reason reaches the problem body, the log and the UI.
    const shown = truncate(url.split('?', 1)[0]!);
    return fail(`request target must start with "/" or be an absolute http(s) URL, got "${shown}"`);
  }
  if (rest.includes('#')) return fail('fragment ("#") in request target — clients must not send one');
  const q = rest.indexOf('?');
  const path = q === -1 ? rest : rest.slice(0, q);
  const query = q === -1 ? '' : rest.slice(q + 1);
  for (let i = 0; i < query.length; i++) {
    const c = query.charCodeAt(i);
    if (c < 0x20 || c === 0x7f)
      return fail(`control character (0x${c.toString(16).padStart(2, '0')}) in query`);
  }
  return { ok: true, path, query, hasQuery: q !== -1, authority };
}

export type HostResult = { readonly ok: true; readonly host: string } | TargetFailure;

const HOST_NAME = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;
const PORT = /^\d*$/;

/**
 * The host a request is for: lower-case, port removed, a trailing dot removed.
 * `[::1]:8080` → `[::1]`. `undefined`/`''` (an HTTP/1.0 request without Host) → `''`.
 */
export function parseHost(value: string | undefined): HostResult {
  if (!value) return { ok: true, host: '' };
  const lower = value.trim().toLowerCase();
  let host: string;
  let port: string;
  if (lower[0] === '[') {
    const close = lower.indexOf(']');
    if (close === -1) return fail(`invalid host "${truncate(value)}": "[" without "]"`);
    host = lower.slice(0, close + 1);
    const after = lower.slice(close + 1);
    if (after !== '' && after[0] !== ':') return fail(`invalid host "${truncate(value)}"`);
    port = after.slice(1);
    if (!/^\[[0-9a-f:.]+\]$/.test(host))
      return fail(`invalid host "${truncate(value)}": not an IPv6 address`);
  } else {
    const colon = lower.lastIndexOf(':');
    host = colon === -1 ? lower : lower.slice(0, colon);
    port = colon === -1 ? '' : lower.slice(colon + 1);
    if (host.endsWith('.')) host = host.slice(0, -1);
    if (!HOST_NAME.test(host)) return fail(`invalid host "${truncate(value)}"`);
  }
  if (!PORT.test(port)) return fail(`invalid port in host "${truncate(value)}"`);
  return { ok: true, host };
}

function truncate(value: string): string {
  return value.length > 60 ? value.slice(0, 57) + '...' : value;
}

function fail(reason: string): TargetFailure {
  return { ok: false, status: 400, reason };
}
