/**
 * A route's `responseHeaders` edits, applied to the headers the client gets: `remove`, then
 * `set`, then `add` (comma-joined onto an existing value; another `Set-Cookie` header for
 * cookies, which cannot be joined). Header names are lower-case on both sides.
 */
import type { ResponseHeaderEdits } from './types.js';

type OutgoingHeaders = Record<string, string | string[] | number | undefined>;

/**
 * Edits `headers` in place and returns it.
 * @example
 * editResponseHeaders({ server: 'x', vary: 'origin' }, { remove: ['server'], set: {}, add: { vary: 'accept' } })
 * // { vary: 'origin, accept' }
 */
export function editResponseHeaders(
  headers: OutgoingHeaders,
  edits: ResponseHeaderEdits | undefined,
): OutgoingHeaders {
  if (edits === undefined) return headers;
  for (const name of edits.remove) delete headers[name];
  for (const [name, value] of Object.entries(edits.set)) headers[name] = value;
  for (const [name, value] of Object.entries(edits.add)) {
    const existing = headers[name];
    if (existing === undefined) headers[name] = value;
    else if (name === 'set-cookie') headers[name] = [...[existing].flat().map(String), value];
    else headers[name] = `${Array.isArray(existing) ? existing.join(', ') : existing}, ${value}`;
  }
  return headers;
}

/** `set x-a: 1, add vary: accept, remove server`: the edits as explain shows them. */
export function describeResponseEdits(edits: ResponseHeaderEdits): string {
  return [
    ...edits.remove.map((name) => `remove ${name}`),
    ...Object.entries(edits.set).map(([name, value]) => `set ${name}: ${value}`),
    ...Object.entries(edits.add).map(([name, value]) => `add ${name}: ${value}`),
  ].join(', ');
}
