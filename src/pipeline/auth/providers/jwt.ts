/**
 * `jwt`: a Bearer token (RFC 6750) verified with jose. The algorithms come from the config
 * only; `iss`, `aud`, `exp`, `nbf` and `iat` are checked against `ctx.now()` with the configured
 * clock tolerance; `exp` is required unless `requireExpiry: false`, and `maxTokenAge` bounds
 * `iat`; required claims, scopes and roles are read from the verified payload.
 */
import type { JWTVerifyGetKey } from 'jose';
import type { AuthContext, AuthProvider, ProviderResult } from '../api.js';
import { challenge, errorDescription } from '../challenge.js';
import { authorizationParam, invalidCredential, missingCredential, readHeader } from '../credentials.js';
import type { ProviderConfig, ProviderEntry } from '../registry.js';
import { checkRequiredClaims, identityClaims, tokenRoles, tokenScopes } from './jwt-claims.js';
import { compileJwtKeys } from './jwt-keys.js';
import { describeJwtError, iso, type JwtRules, span } from './jwt-reasons.js';

const REALM = 'gateway';

export const jwtProvider: ProviderEntry<'jwt'> = {
  type: 'jwt',
  async compile(config, at, io) {
    const keys = await compileJwtKeys(config, at, io);
    if (!keys.ok) return keys;
    const jose = await import('jose');
    const provider: AuthProvider = {
      name: config.name,
      type: 'jwt',
      challenge: challenge('Bearer', { realm: REALM }),
      credential: { header: 'authorization' },
      authenticate: (request, ctx) => {
        const header = readHeader(request, 'authorization');
        if (header.kind === 'several')
          return Promise.resolve(
            invalid('several Authorization headers; send exactly one', 'invalid request'),
          );
        const token = header.kind === 'one' ? authorizationParam(header.value, 'Bearer') : undefined;
        if (token === undefined || token === '')
          return Promise.resolve(missingCredential('Authorization: Bearer <token>'));
        // Checked before any parsing, so an oversized token costs nothing.
        if (Buffer.byteLength(token, 'utf8') > config.maxTokenSize) {
          return Promise.resolve(
            invalid(`token larger than ${config.maxTokenSize} bytes`, 'token too large'),
          );
        }
        return verify(jose, token, keys.getKey, config, ctx);
      },
    };
    return { ok: true, provider };
  },
};

async function verify(
  jose: typeof import('jose'),
  token: string,
  getKey: JWTVerifyGetKey,
  config: ProviderConfig<'jwt'>,
  ctx: AuthContext,
): Promise<ProviderResult> {
  const now = ctx.now();
  const rules: JwtRules = config;
  let payload: import('jose').JWTPayload;
  try {
    ({ payload } = await jose.jwtVerify(token, getKey, {
      algorithms: [...config.algorithms],
      ...(config.issuer && { issuer: [...config.issuer] }),
      ...(config.audience && { audience: [...config.audience] }),
      clockTolerance: config.clockTolerance / 1000,
      currentDate: new Date(now),
      ...(config.requireExpiry && { requiredClaims: ['exp'] }),
      ...(config.maxTokenAge !== undefined && { maxTokenAge: config.maxTokenAge / 1000 }),
    }));
  } catch (error) {
    const failure = describeJwtError(error, decodeHeader(jose, token), rules, now);
    if (failure.status) return invalidCredential(failure.reason, { status: failure.status });
    return invalid(failure.reason, failure.short);
  }
  // jose checks `iat` only with maxTokenAge; a token "issued" in the future is refused always.
  const future = issuedInFuture(payload, now, config.clockTolerance);
  if (future) return invalid(future, 'token issued in the future');
  const claimProblem = checkRequiredClaims(payload, config.requiredClaims);
  if (claimProblem) return invalid(claimProblem, 'missing required claim');
  return {
    ok: true,
    identity: {
      name: typeof payload.sub === 'string' ? payload.sub : '(no sub)',
      claims: identityClaims(payload, config.rolesClaim, config.requiredClaims),
    },
    scopes: tokenScopes(payload),
    roles: tokenRoles(payload, config.rolesClaim),
    verifiedClaims: payload,
  };
}

/** Why an `iat` beyond the clock tolerance in the future is refused, or `undefined`. */
function issuedInFuture(
  payload: import('jose').JWTPayload,
  now: number,
  tolerance: number,
): string | undefined {
  const iat = payload.iat;
  if (typeof iat !== 'number' || iat * 1000 <= now + tolerance) return undefined;
  return `token issued in the future: iat ${iso(iat)} is ${span(iat - now / 1000)} from now (tolerance ${span(tolerance / 1000)})`;
}

/** A presented-but-invalid token: 401 with RFC 6750 `error="invalid_token"`. */
function invalid(reason: string, short: string): ProviderResult {
  const error = short === 'invalid request' ? 'invalid_request' : 'invalid_token';
  return invalidCredential(reason, {
    challenge: challenge('Bearer', { realm: REALM, error, error_description: errorDescription(short) }),
  });
}

/** The unverified header, only to name `alg`/`kid` in a reason. */
function decodeHeader(
  jose: typeof import('jose'),
  token: string,
): { alg?: unknown; kid?: unknown } | undefined {
  try {
    return jose.decodeProtectedHeader(token);
  } catch {
    return undefined;
  }
}
