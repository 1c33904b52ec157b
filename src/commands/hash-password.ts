/**
 * `gateway hash-password`: turns a password into a hash for a `basic` provider's `users`,
 * so no plain password ever sits in a config. The CLI wiring reads the password (from stdin
 * or a prompt) and prints what this returns.
 */
import { createPasswordHash } from '../pipeline/auth/password.js';
import type { CommandIO, CommandResult } from './io.js';

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

export interface HashPasswordCommandOptions extends CommandIO, HashPasswordOptions {
  /** Where the password comes from: its first line (`echo -n pw | gateway hash-password`). */
  readonly stdin: NodeJS.ReadableStream;
}

/** The CLI command: reads one password from stdin, prints its hash. Exit 2 when stdin is empty. */
export async function hashPasswordCommand(options: HashPasswordCommandOptions): Promise<CommandResult> {
  let input = '';
  for await (const chunk of options.stdin) input += chunk.toString();
  const password = input.split(/\r?\n/)[0] ?? '';
  if (password === '') {
    options.stderr.write(
      'gateway hash-password: no password on stdin — try: printf %s "$PASSWORD" | gateway hash-password\n',
    );
    return { exitCode: 2 };
  }
  options.stdout.write(`${await hashPassword(password, options)}\n`);
  return { exitCode: 0 };
}
