/**
 * `gateway hash-password`: turns a password into a hash for a `basic` provider's `users`,
 * so no plain password ever sits in a config. The CLI wiring reads the password (from stdin
 * or a prompt) and prints what this returns.
 */
import { createPasswordHash } from '../pipeline/auth/password.js';

export interface HashPasswordOptions {
  /** `scrypt` (node's own, no extra dependency) or `bcrypt` (what `htpasswd -B` writes). @default 'scrypt' */
  readonly algorithm?: 'scrypt' | 'bcrypt';
}

/**
 * @example
 * await hashPassword('correct horse') // 'scrypt$32768$8$1$<salt>$<hash>'
 * await hashPassword('correct horse', { algorithm: 'bcrypt' }) // '$2b$10$…'
 */
export async function hashPassword(password: string, options: HashPasswordOptions = {}): Promise<string> {
  return createPasswordHash(password, options.algorithm ?? 'scrypt');
}
