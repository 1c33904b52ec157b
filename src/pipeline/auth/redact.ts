/**
 * Redaction for everything that displays a request: explain, the access log, the UI, error
 * bodies. Credentials become `[redacted]`; the header stays visible so it is clear one was sent.
 */
import type { Headers } from '../types.js';
import type { AuthProvider } from './api.js';

export const REDACTED = '[redacted]';

/** Always treated as credentials, whatever the config says. */
const ALWAYS_SENSITIVE = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key'];

/**
 * A copy of `headers` with credential values replaced: the usual credential headers plus
 * every header an api-key provider reads.
 * @example redactHeaders({ authorization: 'Bearer eyJ…', accept: '*∕*' }) // { authorization: '[redacted]', accept: '*∕*' }
 */
export function redactHeaders(headers: Headers, providers?: ReadonlyMap<string, AuthProvider>): Headers {
  const sensitive = sensitiveHeaderNames(providers);
  const out: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    out[name] =
      value === undefined || !sensitive.has(lower)
        ? value
        : Array.isArray(value)
          ? value.map(() => REDACTED)
          : REDACTED;
  }
  return out;
}

/** A query string (without `?`) with api-key query parameters' values replaced. */
export function redactQuery(query: string, providers?: ReadonlyMap<string, AuthProvider>): string {
  // Most requests have no query: answer before building anything (this runs on every request).
  if (query === '') return query;
  const names = new Set<string>();
  for (const provider of providers?.values() ?? [])
    if (provider.credential.query) names.add(provider.credential.query);
  if (names.size === 0 || query === '') return query;
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq === -1 ? pair : pair.slice(0, eq);
      return eq !== -1 && names.has(safeDecode(key)) ? `${key}=${REDACTED}` : pair;
    })
    .join('&');
}

/** Lower-case names of every header treated as a credential. */
export function sensitiveHeaderNames(providers?: ReadonlyMap<string, AuthProvider>): ReadonlySet<string> {
  const names = new Set(ALWAYS_SENSITIVE);
  for (const provider of providers?.values() ?? [])
    if (provider.credential.header) names.add(provider.credential.header);
  return names;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}
