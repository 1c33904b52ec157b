/**
 * What a verified JWT grants: scopes (`scope` / `scp`), roles (the configured claim, dotted
 * paths such as `realm_access.roles` allowed), required claims, and the few claims shown as
 * the identity in explain, the log and the trace.
 */
import type { JWTPayload } from 'jose';
import { display } from './jwt-reasons.js';

/** Scopes from `scope` (space-separated, RFC 8693) and `scp` (an array or a string, as Azure AD and Okta send). */
export function tokenScopes(payload: JWTPayload): string[] {
  return [...new Set([...words(payload.scope), ...words(payload.scp)])];
}

/** Roles from `rolesClaim`: an array of strings, or one string of space- or comma-separated roles. */
export function tokenRoles(payload: JWTPayload, rolesClaim: string): string[] {
  return [...new Set(words(claimAt(payload, rolesClaim), /[\s,]+/))];
}

/** A claim by name, or by dotted path when no top-level claim has that name. */
export function claimAt(payload: Readonly<Record<string, unknown>>, name: string): unknown {
  if (Object.hasOwn(payload, name)) return payload[name];
  let value: unknown = payload;
  for (const part of name.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function words(value: unknown, separator = /\s+/): string[] {
  if (typeof value === 'string') return value.split(separator).filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '');
  return [];
}

/**
 * Checks `requiredClaims`. `true`: present (and, for a boolean claim, true, so
 * `{ email_verified: true }` means what it reads as); a value: equal to it, or contained in
 * the claim when the claim is an array. Returns the first failure's reason.
 */
export function checkRequiredClaims(
  payload: JWTPayload,
  required: Readonly<Record<string, true | string | number | boolean>>,
): string | undefined {
  for (const [name, expected] of Object.entries(required)) {
    const actual = claimAt(payload, name);
    if (actual === undefined || actual === null) return `missing required claim ${name}`;
    if (expected === true && actual !== false) continue;
    const ok = Array.isArray(actual) ? actual.includes(expected) : actual === expected;
    if (!ok) return `claim ${name} is ${display(actual)} (required ${JSON.stringify(expected)})`;
  }
  return undefined;
}

/** The claims that mattered to the decision, for display: never the whole token. */
export function identityClaims(
  payload: JWTPayload,
  rolesClaim: string,
  required: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const names = ['sub', 'iss', 'aud', 'exp', 'scope', 'scp', rolesClaim, ...Object.keys(required)];
  const claims: Record<string, unknown> = {};
  for (const name of names) {
    const value = claimAt(payload, name);
    if (value !== undefined) claims[name] = value;
  }
  return claims;
}
