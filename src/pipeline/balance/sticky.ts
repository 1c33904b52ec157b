/**
 * Sticky sessions by cookie: reading a cookie from the request, and the `Set-Cookie` value that
 * pins a client to the target it was sent to. The cookie's value is the target id (`host:port`),
 * so a developer can read it in the browser's devtools and see where they are pinned.
 */
import type { Headers } from '../types.js';

/** The value of cookie `name` in the request's `Cookie` header(s), or `undefined`. */
export function readCookie(headers: Headers, name: string): string | undefined {
  const raw = headers.cookie;
  if (raw === undefined) return undefined;
  for (const header of Array.isArray(raw) ? raw : [raw]) {
    for (const part of header.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
      let value = part.slice(eq + 1).trim();
      if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
  }
  return undefined;
}

/** The `Set-Cookie` value naming `targetId`: a session cookie for the whole site. */
export function stickyCookieHeader(name: string, targetId: string): string {
  return `${name}=${encodeURIComponent(targetId)}; Path=/; HttpOnly; SameSite=Lax`;
}
