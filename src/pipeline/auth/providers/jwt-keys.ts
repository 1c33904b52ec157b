/**
 * Where a `jwt` provider's verification keys come from: an HMAC `secret` for HS*, a PEM
 * `publicKey` imported once per allowed asymmetric algorithm, or a JWKS (a local file, or a
 * URL that jose caches and refetches when a token names an unknown `kid`).
 * The token's header only ever selects among keys the config allowed.
 */
import type { JWTVerifyGetKey } from 'jose';
import type { ConfigIssue, Result } from '../../../config/issues.js';
import type { CompileIo, ProviderConfig } from '../registry.js';
import { absolutePath, readText, resolveSecret } from '../secrets.js';

/** Thrown by a JWKS URL lookup that could not reach the URL (as opposed to a key that is not there). */
export class JwksUnavailable extends Error {
  constructor(
    readonly url: string,
    readonly why: string,
  ) {
    super(`JWKS at ${url} could not be fetched (${why})`);
  }
}

const isHmac = (alg: string): boolean => alg.startsWith('HS');

/** Compiles the key lookup jose calls with each token's protected header. */
export async function compileJwtKeys(
  config: ProviderConfig<'jwt'>,
  at: string,
  io: CompileIo,
): Promise<Result<{ readonly getKey: JWTVerifyGetKey; readonly jwksUrl: string | undefined }>> {
  const jose = await import('jose');
  const issues: ConfigIssue[] = [];
  const hmacAlgs = config.algorithms.filter(isHmac);
  const keyAlgs = config.algorithms.filter((alg) => !isHmac(alg));

  let secret: Uint8Array | undefined;
  if (hmacAlgs.length > 0) {
    if (config.secret === undefined)
      issues.push({
        path: `${at}.secret`,
        message: `algorithms include ${hmacAlgs.join(', ')}, which need a secret`,
      });
    else {
      const resolved = await resolveSecret(config.secret, `${at}.secret`, io);
      if (resolved.ok) secret = new TextEncoder().encode(resolved.value);
      else issues.push(resolved.issue);
    }
  }
  if (config.publicKey !== undefined && config.jwks !== undefined) {
    issues.push({ path: `${at}.jwks`, message: 'set either publicKey or jwks, not both' });
  } else if (keyAlgs.length > 0 && config.publicKey === undefined && config.jwks === undefined) {
    issues.push({
      path: `${at}.publicKey`,
      message: `algorithms include ${keyAlgs.join(', ')}, which need a publicKey (PEM) or a jwks`,
    });
  }
  if (issues.length > 0) return { ok: false, issues };

  let asymmetric: JWTVerifyGetKey | undefined;
  let jwksUrl: string | undefined;
  if (keyAlgs.length > 0 && config.publicKey !== undefined) {
    const pem = await importPem(jose, config.publicKey, keyAlgs, `${at}.publicKey`, io);
    if (!pem.ok) return pem;
    asymmetric = (header) => pem.keys.get(header.alg ?? '') as CryptoKey;
  } else if (keyAlgs.length > 0 && config.jwks !== undefined) {
    if (/^https?:\/\//i.test(config.jwks)) {
      jwksUrl = config.jwks;
      asymmetric = remoteJwks(jose, config.jwks, io);
    } else {
      const local = await localJwks(jose, config.jwks, `${at}.jwks`, io);
      if (!local.ok) return local;
      asymmetric = local.getKey;
    }
  }

  const getKey: JWTVerifyGetKey = (header, token) => {
    // jose has already refused any alg outside `algorithms`, so an HS* alg here is one the config allows.
    if (isHmac(header.alg ?? '')) return secret as Uint8Array;
    return (asymmetric as JWTVerifyGetKey)(header, token);
  };
  return { ok: true, getKey, jwksUrl };
}

type Jose = typeof import('jose');

async function importPem(
  jose: Jose,
  file: string,
  algorithms: readonly string[],
  at: string,
  io: CompileIo,
): Promise<Result<{ readonly keys: ReadonlyMap<string, CryptoKey> }>> {
  const path = absolutePath(file, io.dir);
  io.dependsOn(path);
  const text = await readText(path, io);
  if (!text.ok) return { ok: false, issues: [{ path: at, message: text.message }] };
  const keys = new Map<string, CryptoKey>();
  const issues: ConfigIssue[] = [];
  for (const alg of algorithms) {
    try {
      keys.set(alg, await jose.importSPKI(text.value, alg));
    } catch (error) {
      issues.push({ path: at, message: `${path} cannot verify ${alg}: ${(error as Error).message}` });
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, keys };
}

async function localJwks(
  jose: Jose,
  file: string,
  at: string,
  io: CompileIo,
): Promise<Result<{ readonly getKey: JWTVerifyGetKey }>> {
  const path = absolutePath(file, io.dir);
  io.dependsOn(path);
  const text = await readText(path, io);
  if (!text.ok) return { ok: false, issues: [{ path: at, message: text.message }] };
  let json: { keys?: unknown };
  try {
    json = JSON.parse(text.value);
  } catch (error) {
    return { ok: false, issues: [{ path: at, message: `${path} is not JSON: ${(error as Error).message}` }] };
  }
  if (!Array.isArray(json?.keys) || json.keys.length === 0) {
    return {
      ok: false,
      issues: [
        { path: at, message: `${path} is not a JWKS: expected { "keys": [ … ] } with at least one key` },
      ],
    };
  }
  try {
    return { ok: true, getKey: jose.createLocalJWKSet(json as Parameters<Jose['createLocalJWKSet']>[0]) };
  } catch (error) {
    return { ok: false, issues: [{ path: at, message: `${path}: ${(error as Error).message}` }] };
  }
}

/** jose caches the set (10 min) and refetches on an unknown `kid` at most once per cooldown. */
function remoteJwks(jose: Jose, url: string, io: CompileIo): JWTVerifyGetKey {
  const set = jose.createRemoteJWKSet(new URL(url), {
    cooldownDuration: io.jwksCooldown,
    [jose.customFetch]: io.fetch,
  });
  return async (header, token) => {
    try {
      return await set(header, token);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ERR_JWKS_NO_MATCHING_KEY' || code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') throw error;
      const why = code === 'ERR_JWKS_TIMEOUT' ? 'timed out' : (error as Error).message;
      throw new JwksUnavailable(url, why);
    }
  };
}
