/**
 * Reading credentials from a request, the same way for every provider: one header value
 * (several copies of a credential header are refused rather than guessed between), the
 * `Authorization` scheme, and the wording of a missing credential.
 */
import type { NormalizedRequest } from '../types.js';
import type { ProviderResult } from './api.js';

/** Every "no credential" reason starts with this, so `authorize` can join several into one sentence. */
export const MISSING_PREFIX = 'missing credential: expected ';

/** A `missing` failure: `missing credential: expected Authorization: Bearer <token>`. */
export function missingCredential(expected: string): ProviderResult {
  return { ok: false, missing: true, reason: `${MISSING_PREFIX}${expected}` };
}

/** A presented-but-invalid credential. */
export function invalidCredential(
  reason: string,
  extra?: { readonly status?: number; readonly challenge?: string },
): ProviderResult {
  return { ok: false, missing: false, reason, ...extra };
}

export type HeaderRead =
  | { readonly kind: 'absent' }
  | { readonly kind: 'one'; readonly value: string }
  | { readonly kind: 'several' };

/** One header's value; `several` when the client sent it more than once. */
export function readHeader(request: NormalizedRequest, name: string): HeaderRead {
  const value = request.headers[name];
  if (value === undefined) return { kind: 'absent' };
  if (Array.isArray(value)) {
    if (value.length === 0) return { kind: 'absent' };
    return value.length === 1 ? { kind: 'one', value: value[0]! } : { kind: 'several' };
  }
  return { kind: 'one', value: value as string };
}

/** `Authorization: <scheme> <param>` with a case-insensitive scheme (RFC 9110 §11.1); `undefined` for another scheme. */
export function authorizationParam(value: string, scheme: string): string | undefined {
  const match = /^([A-Za-z][\w!#$%&'*+.^`|~-]*)[ \t]+(.*)$/s.exec(value.trim());
  if (!match || match[1]!.toLowerCase() !== scheme.toLowerCase()) return undefined;
  return match[2]!.trim();
}

/** Every value of a query parameter, decoded (`+` as space, as forms send it). */
export function readQueryParam(query: string, name: string): readonly string[] {
  if (query === '') return [];
  try {
    return new URLSearchParams(query).getAll(name);
  } catch {
    return [];
  }
}
