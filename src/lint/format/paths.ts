/** File paths as lint output shows them: relative to the working folder, with forward slashes. */
import { isAbsolute, relative, sep } from 'node:path';

/** `gateway.config.ts` for a file in `cwd`; absolute paths outside it stay absolute. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  const shown = rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
  return shown.split(sep).join('/');
}
