/**
 * `responseHeaders` as deferred `header` blocks, so they edit what the upstream (or the route's
 * own answer) sent. gateway removes, then sets, then adds; Caddy applies deferred blocks
 * innermost first — the last written runs first — so they are written add, set, remove.
 * `+Name` adds another field where gateway comma-joins onto the existing one: the same header
 * to HTTP (RFC 9110 §5.3), and a separate field for Set-Cookie, as gateway does.
 */
import type { ResolvedResponseHeaders } from '../../config/resolved.js';
import { literal } from './text.js';

/** The deferred `header` blocks for a route's response header edits (none when there are none). */
export function responseHeaderLines(edits: ResolvedResponseHeaders | undefined): string[] {
  if (!edits) return [];
  const block = (ops: string[]) =>
    ops.length > 0 ? ['header {', '  defer', ...ops.map((o) => `  ${o}`), '}'] : [];
  return [
    ...block(Object.entries(edits.add).map(([name, value]) => `+${name} ${literal(value)}`)),
    ...block(Object.entries(edits.set).map(([name, value]) => `${name} ${literal(value)}`)),
    ...block(edits.remove.map((name) => `-${name}`)),
  ];
}
