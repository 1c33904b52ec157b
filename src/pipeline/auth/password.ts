/**
 * Password hashes the `basic` provider accepts: bcrypt as `htpasswd -B` writes it
 * (`$2a$`/`$2b$`/`$2y$`) and scrypt as `gateway hash-password` prints it
 * (`scrypt$N$r$p$saltB64$hashB64`). Plain passwords are refused at compile time.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

export type PasswordHash =
  | { readonly kind: 'bcrypt'; readonly hash: string }
  | {
      readonly kind: 'scrypt';
      readonly N: number;
      readonly r: number;
      readonly p: number;
      readonly salt: Buffer;
      readonly key: Buffer;
    };

const BCRYPT = /^\$2[aby]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** scrypt parameters `gateway hash-password` uses: N=2^15, r=8, p=1 (OWASP's minimum is N=2^17 with p=1 for storage; a local gateway trades that for ~50 ms checks). */
export const SCRYPT_DEFAULTS = { N: 2 ** 15, r: 8, p: 1, saltBytes: 16, keyBytes: 32 } as const;

/** Recognises a hash. The error never repeats the value: it may be a plain password pasted by mistake. */
export function parsePasswordHash(value: string): PasswordHash | { readonly error: string } {
  if (BCRYPT.test(value)) return { kind: 'bcrypt', hash: value };
  if (value.startsWith('scrypt$')) return parseScrypt(value);
  if (value.startsWith('$2'))
    return { error: 'malformed bcrypt hash: expected $2y$<cost>$ followed by 53 characters' };
  return {
    error:
      'not a bcrypt ($2y$…) or scrypt (scrypt$N$r$p$salt$hash) hash — plain passwords are refused; make a hash with `gateway hash-password`',
  };
}

function parseScrypt(value: string): PasswordHash | { readonly error: string } {
  const parts = value.split('$');
  const shape = 'expected scrypt$N$r$p$saltBase64$hashBase64';
  if (parts.length !== 6) return { error: `malformed scrypt hash: ${shape}` };
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (!Number.isInteger(N) || N < 2 || N > 2 ** 20 || (N & (N - 1)) !== 0) {
    return { error: 'malformed scrypt hash: N must be a power of 2 between 2 and 2^20' };
  }
  if (!Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) {
    return { error: 'malformed scrypt hash: r must be 1–32 and p 1–16' };
  }
  if (!BASE64.test(parts[4]!) || !BASE64.test(parts[5]!)) return { error: `malformed scrypt hash: ${shape}` };
  const salt = Buffer.from(parts[4]!, 'base64');
  const key = Buffer.from(parts[5]!, 'base64');
  if (salt.length < 8) return { error: 'malformed scrypt hash: the salt must be at least 8 bytes' };
  if (key.length < 16 || key.length > 128)
    return { error: 'malformed scrypt hash: the hash must be 16–128 bytes' };
  return { kind: 'scrypt', N, r, p, salt, key };
}

/** Checks a password against a parsed hash; constant-time for scrypt, bcryptjs's own comparison for bcrypt. */
export async function verifyPassword(password: string, hash: PasswordHash): Promise<boolean> {
  if (hash.kind === 'bcrypt') {
    const { default: bcrypt } = await import('bcryptjs');
    return bcrypt.compare(password, hash.hash);
  }
  const derived = await scryptAsync(password, hash.salt, hash.key.length, {
    N: hash.N,
    r: hash.r,
    p: hash.p,
    maxmem: scryptMemory(hash.N, hash.r, hash.p),
  });
  return timingSafeEqual(derived, hash.key);
}

/**
 * Hashes a password in a format `verifyPassword` accepts.
 * @example await createPasswordHash('s3cret') // 'scrypt$32768$8$1$…$…'
 */
export async function createPasswordHash(
  password: string,
  algorithm: 'scrypt' | 'bcrypt' = 'scrypt',
): Promise<string> {
  if (algorithm === 'bcrypt') {
    const { default: bcrypt } = await import('bcryptjs');
    return bcrypt.hash(password, 10);
  }
  const { N, r, p, saltBytes, keyBytes } = SCRYPT_DEFAULTS;
  const salt = randomBytes(saltBytes);
  const key = await scryptAsync(password, salt, keyBytes, { N, r, p, maxmem: scryptMemory(N, r, p) });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** scrypt needs about 128·N·r bytes (plus 128·r·p); node refuses above `maxmem` (32 MiB by default). */
function scryptMemory(N: number, r: number, p: number): number {
  return 128 * N * r + 128 * r * p + 1024 * 1024;
}
