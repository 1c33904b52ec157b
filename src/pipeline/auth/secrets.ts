/**
 * Resolving a `Secret` (inline string, `{ env }` or `{ file }`) to its value when providers
 * compile. A secret that cannot be resolved is a `ConfigIssue`, never a throw, and its
 * message names where the value was looked for, never the value.
 */
import { isAbsolute, resolve } from 'node:path';
import type { Secret } from '../../config/schema/index.js';
import type { ConfigIssue } from '../../config/issues.js';
import type { CompileIo } from './registry.js';

export type SecretResult =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly issue: ConfigIssue };

/**
 * Reads one secret. `at` is the key path reported on failure (`auth.orders.keys[0].key`).
 * @example await resolveSecret({ env: 'ORDERS_KEY' }, 'auth.orders.keys[0].key', io)
 */
export async function resolveSecret(secret: Secret, at: string, io: CompileIo): Promise<SecretResult> {
  if (typeof secret === 'string') return { ok: true, value: secret };
  if ('env' in secret) {
    const value = io.env[secret.env];
    if (value === undefined || value === '') {
      return { ok: false, issue: { path: at, message: `environment variable ${secret.env} is not set` } };
    }
    return { ok: true, value };
  }
  const file = absolutePath(secret.file, io.dir);
  io.dependsOn(file);
  const text = await readText(file, io);
  if (!text.ok) return { ok: false, issue: { path: at, message: text.message } };
  // Editors and `echo >` add a trailing newline that is never part of the secret.
  const value = text.value.replace(/\r?\n+$/, '');
  if (value === '') return { ok: false, issue: { path: at, message: `file ${file} is empty` } };
  return { ok: true, value };
}

/** Config paths are absolute once resolved; a relative one (a config built in memory) is taken from `dir`. */
export function absolutePath(path: string, dir: string): string {
  return isAbsolute(path) ? path : resolve(dir, path);
}

/** Reads a file the providers depend on; a failure is a message naming the file and the cause. */
export async function readText(
  file: string,
  io: Pick<CompileIo, 'readFile'>,
): Promise<{ readonly ok: true; readonly value: string } | { readonly ok: false; readonly message: string }> {
  try {
    return { ok: true, value: await io.readFile(file) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : (code ?? (error as Error).message);
    return { ok: false, message: `cannot read ${file} (${why})` };
  }
}
