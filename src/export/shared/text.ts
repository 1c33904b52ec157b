/** Small text helpers every exporter shares: durations, sizes, key-safe names, comments. */

/** Milliseconds as the shortest exact `Ns`/`Nms` most engines accept. */
export function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** A route or upstream name made safe for identifiers (`tenant-users` → `tenant_users`). */
export function ident(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/** The `# …` comment for a place something was left out, one line per sentence. */
export function leftOut(message: string, indent: string, mark = '#'): string {
  return `${indent}${mark} gateway export: left out — ${message}`;
}

/** The RFC 9457 problem body the gateway answers with for `status`. */
export function problemJson(status: number, title: string, detail: string): string {
  return JSON.stringify({ type: 'about:blank', title, status, detail });
}

/** A fault delay's length for a finding: `300 ms`, `300–800 ms`. */
export function delayLength(delay: { readonly min: number; readonly max: number }): string {
  return delay.min === delay.max ? `${delay.min} ms` : `${delay.min}–${delay.max} ms`;
}
