/**
 * Caddyfile quoting. The lexer keeps backslashes as written (only `\"` is special), so regexes
 * go in as they are; Caddy's placeholders are `{…}`, so literal text escapes its braces (`\{`).
 */

/** Quotes a token as is: regexes, and values whose `{placeholders}` Caddy should fill. */
export function dq(text: string): string {
  return `"${text.replace(/"/g, '\\"')}"`;
}

/** Quotes literal text (a JSON body): braces escaped so Caddy does not read placeholders in it. */
export function literal(text: string): string {
  return dq(text.replace(/[{}]/g, (b) => `\\${b}`));
}

/** A header name as Caddy's placeholder: `{http.request.header.X-Tenant}`. */
export function headerPlaceholder(name: string): string {
  return `{http.request.header.${name}}`;
}

/**
 * JSON text made safe for a quoted Caddyfile token: the lexer cannot keep a `\"` (it reads the
 * backslash as its own escape), so quotes inside JSON strings become `\u0022` — the same JSON.
 */
export function caddyJson(json: string): string {
  return json.replace(/\\(.)/g, (pair, ch: string) => (ch === '"' ? '\\u0022' : pair));
}
