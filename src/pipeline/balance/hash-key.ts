/**
 * The key a consistent-hash balancer hashes, read from the request: the client ip, a header, a
 * cookie or a query parameter. Also how the key is shown in reasons: cookie values and credential
 * headers are shown only as a short hash, since they are often session ids or tokens.
 */
import type { HashKey } from '../../config/schema/index.js';
import type { NormalizedRequest } from '../types.js';
import { hash32 } from './balancers/hash32.js';
import { readCookie } from './sticky.js';

/** The key's value (`undefined` when the request lacks it) and its label for reasons. */
export interface HashKeyValue {
  readonly value: string | undefined;
  /** `ip`, `header x-user`, `cookie session`, `query tenant`. */
  readonly source: string;
  /** `header x-user=42`, `cookie session=#1a2b3c4d`. */
  readonly shown: string;
}

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key']);
const SHOWN_LENGTH = 40;

/** Reads `key` from `request`. */
export function readHashKey(key: HashKey, request: NormalizedRequest): HashKeyValue {
  if (key === 'ip') return describe('ip', request.clientIp || undefined, false);
  if ('header' in key) {
    const name = key.header.toLowerCase();
    const raw = request.headers[name];
    return describe(`header ${name}`, Array.isArray(raw) ? raw[0] : raw, SECRET_HEADERS.has(name));
  }
  if ('cookie' in key) return describe(`cookie ${key.cookie}`, readCookie(request.headers, key.cookie), true);
  const value = new URLSearchParams(request.query).get(key.query) ?? undefined;
  return describe(`query ${key.query}`, value, false);
}

function describe(source: string, value: string | undefined, secret: boolean): HashKeyValue {
  if (value === undefined || value === '') return { value: undefined, source, shown: source };
  const display = secret
    ? `#${hash32(value).toString(16).padStart(8, '0')}`
    : value.length > SHOWN_LENGTH
      ? `${value.slice(0, SHOWN_LENGTH)}…`
      : value;
  return { value, source, shown: `${source}=${display}` };
}
