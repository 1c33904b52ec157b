/**
 * The headers an upstream receives and the headers a client gets back.
 *
 * Requests: hop-by-hop headers (RFC 9110 §7.6.1) and every header the client's `Connection`
 * names are dropped; the Decision's edits (rewrite, auth) are applied; `X-Forwarded-For/Proto/Host`
 * are set — appended to the chain of a trusted proxy, replaced for everyone else (whose
 * `Forwarded`/`X-Real-IP`/`X-Forwarded-*` could be forged). Headers that ask a server to treat
 * the request as another method or URL are never honoured and never passed on.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { HeaderEdits } from '../pipeline/types.js';

/** RFC 9110 §7.6.1 connection-specific fields, plus the proxy-only and legacy ones. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  // The gateway already answered `100-continue` itself; node re-sends the body as it arrives.
  'expect',
  'http2-settings',
]);

/** What an untrusted client could forge about where a request came from. */
const FORWARDING = new Set([
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-real-ip',
]);

/**
 * Method and URL overrides (Rails/Symfony/IIS conventions). A route's method and path checks
 * ran on the real request line; an upstream that honoured these would bypass them.
 */
const OVERRIDES = new Set([
  'x-http-method-override',
  'x-http-method',
  'x-method-override',
  'x-original-url',
  'x-rewrite-url',
]);

/** Where the request came from, as the gateway saw it. */
export interface ForwardedFrom {
  /** The TCP peer. */
  readonly peer: string;
  /** Whether the peer is a configured trusted proxy (its `X-Forwarded-*` are kept and appended to). */
  readonly trusted: boolean;
  readonly scheme: 'http' | 'https';
}

/**
 * Builds the upstream request's headers from the client's. With `upgrade`, `Connection: upgrade`
 * and `Upgrade` are kept (a WebSocket handshake needs them end to end).
 * @example
 * upstreamHeaders({ host: 'localhost:8080', connection: 'keep-alive, x-secret', 'x-secret': '1' },
 *   { remove: [], set: { 'x-user': 'ada' } }, { peer: '127.0.0.1', trusted: false, scheme: 'http' }, false)
 * // { host: 'localhost:8080', 'x-user': 'ada', 'x-forwarded-for': '127.0.0.1',
 * //   'x-forwarded-proto': 'http', 'x-forwarded-host': 'localhost:8080' }
 */
export function upstreamHeaders(
  incoming: IncomingHttpHeaders,
  edits: HeaderEdits | undefined,
  from: ForwardedFrom,
  upgrade: boolean,
): OutgoingHttpHeaders {
  const named = connectionTokens(incoming.connection);
  const out: OutgoingHttpHeaders = {};
  for (const name in incoming) {
    if (HOP_BY_HOP.has(name) || OVERRIDES.has(name) || named?.includes(name)) continue;
    if (!from.trusted && FORWARDING.has(name)) continue;
    out[name] = incoming[name];
  }
  if (edits !== undefined) {
    for (const name of edits.remove) delete out[name.toLowerCase()];
    for (const name in edits.set) out[name.toLowerCase()] = edits.set[name];
  }
  const chain = from.trusted ? joinValues(incoming['x-forwarded-for']) : undefined;
  out['x-forwarded-for'] = chain ? `${chain}, ${from.peer}` : from.peer;
  if (!from.trusted || out['x-forwarded-proto'] === undefined) out['x-forwarded-proto'] = from.scheme;
  if ((!from.trusted || out['x-forwarded-host'] === undefined) && incoming.host !== undefined) {
    out['x-forwarded-host'] = incoming.host;
  }
  if (upgrade && incoming.upgrade !== undefined) {
    out.connection = 'upgrade';
    out.upgrade = incoming.upgrade;
  }
  return out;
}

/** Response headers that describe the upstream connection, not the answer. */
const RESPONSE_HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

/**
 * The headers the client gets: the upstream's, minus hop-by-hop ones and those its `Connection`
 * names, plus the gateway's own (`extra`: CORS), which win.
 */
export function clientHeaders(
  upstream: IncomingHttpHeaders,
  extra: Readonly<Record<string, string>> | undefined,
): OutgoingHttpHeaders {
  const named = connectionTokens(upstream.connection);
  const out: OutgoingHttpHeaders = {};
  for (const name in upstream) {
    if (RESPONSE_HOP_BY_HOP.has(name) || named?.includes(name)) continue;
    out[name] = upstream[name];
  }
  if (extra !== undefined) for (const name in extra) out[name] = extra[name];
  return out;
}

/** Lower-case names listed in a `Connection` header other than the standard options. */
function connectionTokens(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  // Fast path for the overwhelmingly common values.
  if (lower === 'keep-alive' || lower === 'close' || lower === 'upgrade') return undefined;
  return lower.split(',').map((token) => token.trim());
}

function joinValues(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : value;
}
