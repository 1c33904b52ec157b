/**
 * Byte prefixes, as Envoy's `prefix`: `/api` matches `/api`, `/api/x`, `/apis` and `/api-v2`.
 * The prefix is normalized like a request path, so it is compared with paths spelled the same way.
 */
import { normalizePath } from '../normalize/path.js';
import type { PathPatternResult } from './path-pattern.js';

/**
 * Compiles `match.prefix`. The index keys on the prefix's complete segments: `/api/v1` → `['api']`
 * (`v1` may continue, as in `/api/v1beta`), `/api/` → `['api']`, `/api` → `[]`.
 * @example compilePrefixPattern('/api', false).pattern.match('/apis') // {}
 */
export function compilePrefixPattern(prefix: string, caseInsensitive: boolean): PathPatternResult {
  const normalized = normalizePath(prefix);
  if (!normalized.ok) return { ok: false, message: `prefix "${prefix}": ${normalized.reason}` };
  const canonical = normalized.path;
  const segments = canonical.slice(1).split('/');
  segments.pop();
  const staticPrefix = segments.filter((segment) => segment !== '');
  const lower = canonical.toLowerCase();
  const match = caseInsensitive
    ? (path: string) => (path.toLowerCase().startsWith(lower) ? {} : undefined)
    : (path: string) => (path.startsWith(canonical) ? {} : undefined);
  return { ok: true, pattern: { source: `prefix ${canonical}`, params: [], staticPrefix, match } };
}
