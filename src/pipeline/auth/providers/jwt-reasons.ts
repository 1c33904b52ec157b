/**
 * Turning jose's errors into reasons a developer can act on: what was wrong, the values that
 * made it wrong (claims from a token whose signature already verified, header fields shown
 * sanitized), never the token itself.
 */
import type { JWTPayload } from 'jose';
import { JwksUnavailable } from './jwt-keys.js';

export interface JwtFailure {
  readonly reason: string;
  /** RFC 6750 `error_description`: a short, fixed phrase. */
  readonly short: string;
  /** 503 when the JWKS URL could not be reached; otherwise 401. */
  readonly status?: number;
}

export interface JwtRules {
  readonly algorithms: readonly string[];
  readonly issuer: readonly string[] | undefined;
  readonly audience: readonly string[] | undefined;
  /** Milliseconds. */
  readonly clockTolerance: number;
  /** Milliseconds. */
  readonly maxTokenAge?: number | undefined;
}

interface JoseLikeError {
  readonly code?: string;
  readonly claim?: string;
  readonly payload?: JWTPayload;
  readonly message: string;
}

/** Maps one error thrown by `jwtVerify` to a reason. `header` is the token's decoded (unverified) protected header. */
export function describeJwtError(
  error: unknown,
  header: { alg?: unknown; kid?: unknown } | undefined,
  rules: JwtRules,
  now: number,
): JwtFailure {
  if (error instanceof JwksUnavailable)
    return { reason: error.message, short: 'keys unavailable', status: 503 };
  const e = error as JoseLikeError;
  const payload = e.payload ?? {};
  const tolerance = `tolerance ${span(rules.clockTolerance / 1000)}`;
  switch (e.code) {
    case 'ERR_JWT_EXPIRED': {
      if (e.claim === 'iat') {
        const iat = payload.iat ?? 0;
        return {
          reason: `token too old: issued ${span(now / 1000 - iat)} ago (iat ${iso(iat)}, maxTokenAge ${span((rules.maxTokenAge ?? 0) / 1000)})`,
          short: 'token too old',
        };
      }
      const exp = payload.exp ?? 0;
      return {
        reason: `token expired ${span(now / 1000 - exp)} ago (exp ${iso(exp)}, ${tolerance})`,
        short: 'token expired',
      };
    }
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return describeClaimFailure(e, payload, rules, now, tolerance);
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return {
        reason: `alg ${display(header?.alg, true)} is not allowed (allowed: ${rules.algorithms.join(', ')})`,
        short: 'algorithm not allowed',
      };
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return { reason: 'signature verification failed', short: 'invalid signature' };
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return header?.kid === undefined
        ? {
            reason: `no key matches alg ${display(header?.alg, true)} and the token has no kid`,
            short: 'unknown key',
          }
        : { reason: `unknown key id ${display(header.kid)}`, short: 'unknown key id' };
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return {
        reason: `several keys match alg ${display(header?.alg, true)}; the token must name one with kid`,
        short: 'ambiguous key',
      };
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return { reason: `malformed token: ${e.message}`, short: 'malformed token' };
    case 'ERR_JOSE_NOT_SUPPORTED':
      return { reason: `token not supported: ${e.message}`, short: 'unsupported token' };
    default:
      // jose's messages never contain the token; a TypeError here is a key that does not fit the alg.
      return { reason: `token rejected: ${e.message}`, short: 'invalid token' };
  }
}

function describeClaimFailure(
  e: JoseLikeError,
  payload: JWTPayload,
  rules: JwtRules,
  now: number,
  tolerance: string,
): JwtFailure {
  if ((e.claim === 'exp' || e.claim === 'iat') && e.message.includes('missing'))
    return {
      reason: `token has no ${e.claim} claim${e.claim === 'exp' ? ' (it would never expire; the provider requires one unless requireExpiry: false)' : ''}`,
      short: `missing ${e.claim}`,
    };
  switch (e.claim) {
    case 'iat': {
      const iat = payload.iat ?? 0;
      return {
        reason: `token issued in the future: iat ${iso(iat)} is ${span(iat - now / 1000)} from now (${tolerance})`,
        short: 'token issued in the future',
      };
    }
    case 'nbf': {
      const nbf = payload.nbf ?? 0;
      return {
        reason: `token not valid yet: nbf ${iso(nbf)} is ${span(nbf - now / 1000)} from now (${tolerance})`,
        short: 'token not yet valid',
      };
    }
    case 'iss':
      return payload.iss === undefined
        ? { reason: `token has no iss claim (expected ${list(rules.issuer)})`, short: 'wrong issuer' }
        : {
            reason: `issuer ${display(payload.iss)} is not one of ${list(rules.issuer)}`,
            short: 'wrong issuer',
          };
    case 'aud':
      return payload.aud === undefined
        ? { reason: `token has no aud claim (expected ${list(rules.audience)})`, short: 'wrong audience' }
        : {
            reason: `audience ${displayList(payload.aud)} is not one of ${list(rules.audience)}`,
            short: 'wrong audience',
          };
    default:
      return { reason: `invalid claims: ${e.message}`, short: 'invalid claims' };
  }
}

/** A value from a token, quoted and cut short: it is attacker-chosen text inside our reason. */
export function display(value: unknown, bare = false): string {
  const isString = typeof value === 'string';
  const text = isString ? value : (JSON.stringify(value) ?? String(value));
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  const short = clean.length > 64 ? `${clean.slice(0, 61)}…` : clean;
  // Strings are quoted so their edges are visible; numbers, booleans and objects read as JSON already.
  return (bare && /^[\w.+-]{1,20}$/.test(short)) || !isString ? short : JSON.stringify(short);
}

function displayList(value: string | readonly string[]): string {
  return typeof value === 'string'
    ? display(value)
    : value
        .slice(0, 5)
        .map((v) => display(v))
        .join(', ');
}

const list = (values: readonly string[] | undefined): string => (values ?? []).join(', ');

/** Seconds since the epoch as `2026-11-26T05:00:00Z`. */
export function iso(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `45s`, `2m`, `3h`, `2d` (rounded down: "expired 2m ago" is true for 2m59s). */
export function span(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}
