/** The parts of a request a transform maps from: the rewritten path and query, and the edited headers. */
import type { HeaderEdits, Headers } from '../types.js';

/** Splits `/api/products/42?full=1` into its path and its query parameters. */
export function splitUpstreamPath(upstreamPath: string): {
  readonly path: string;
  readonly query: URLSearchParams;
} {
  const at = upstreamPath.indexOf('?');
  if (at < 0) return { path: upstreamPath, query: new URLSearchParams() };
  return { path: upstreamPath.slice(0, at), query: new URLSearchParams(upstreamPath.slice(at + 1)) };
}

/**
 * The client's headers with rewrite/auth edits applied (`remove`, then `set`), lower-case names,
 * repeated values joined with `, ` as HTTP allows.
 */
export function editedHeaders(headers: Headers, edits: HeaderEdits | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : (value as string);
  }
  for (const name of edits?.remove ?? []) delete out[name.toLowerCase()];
  for (const [name, value] of Object.entries(edits?.set ?? {})) out[name.toLowerCase()] = value;
  return out;
}

/** Parameters whose names can be message fields or SOAP arguments (not `**` or regex group numbers). */
export function fieldParams(params: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(params).filter(([name]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name));
}

/** Merges plain JSON objects; `over` wins on conflicts, nested objects merge key by key. */
export function mergeJson(under: unknown, over: unknown): unknown {
  if (!isPlainObject(under) || !isPlainObject(over)) return over === undefined ? under : over;
  const out: Record<string, unknown> = { ...under };
  for (const [key, value] of Object.entries(over)) out[key] = key in out ? mergeJson(out[key], value) : value;
  return out;
}

/** A JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as it appears in messages: strings quoted, long ones cut. */
export function showValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
