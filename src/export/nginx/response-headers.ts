/**
 * `responseHeaders` in nginx: `proxy_hide_header` drops an upstream's header (remove, and before
 * set), `add_header … always` sends one on every answer, the route's own ones included. nginx
 * drops the server's `add_header`s in a location with any of its own, so every location lists
 * all of its headers itself (CORS, RateLimit-Policy, these).
 */
import type { ResolvedResponseHeaders } from '../../config/resolved.js';
import { leftOut } from '../shared/text.js';
import type { FindingList } from '../types.js';
import { quote } from './text.js';

/** Headers nginx writes itself: a route's edit cannot replace or remove them. */
const NGINX_OWN = new Set([
  'server',
  'date',
  'content-type',
  'content-length',
  'connection',
  'transfer-encoding',
  'keep-alive',
]);

/** Location lines for the route's response header edits (remove, then set, then add). */
export function responseHeaderLines(
  edits: ResolvedResponseHeaders | undefined,
  at: string,
  findings: FindingList,
): string[] {
  if (!edits) return [];
  const out: string[] = [];
  const own = [...edits.remove, ...Object.keys(edits.set)].filter((name) => NGINX_OWN.has(name));
  if (own.length > 0) {
    out.push(
      leftOut(
        findings.approximate(
          `${at}.responseHeaders`,
          `${own.join(', ')}: nginx writes ${own.length === 1 ? 'this header' : 'these headers'} itself — the edit is left to nginx`,
        ),
        '  ',
      ),
    );
  }
  for (const name of edits.remove) if (!NGINX_OWN.has(name)) out.push(`  proxy_hide_header ${name};`);
  for (const [name, value] of Object.entries(edits.set)) {
    if (NGINX_OWN.has(name)) continue;
    // content-type is nginx's `default_type` for its own answers; an upstream's is replaced.
    out.push(`  proxy_hide_header ${name};`, `  add_header ${name} ${quote(value)} always;`);
  }
  // A second field line, which HTTP reads as the comma-joined value gateway sends (RFC 9110 §5.3).
  for (const [name, value] of Object.entries(edits.add))
    out.push(`  add_header ${name} ${quote(value)} always;`);
  return out;
}
