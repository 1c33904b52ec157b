/**
 * The client address: the TCP peer, unless the peer is a trusted proxy; then the right-most
 * `X-Forwarded-For` entry that is not itself a trusted proxy. Entries left of that one were
 * written by the client and may be forged, so they are never used.
 */
import { isIP } from 'node:net';

/**
 * @param trustedProxies exact addresses, or `'loopback'` (127.0.0.0/8 and ::1)
 * @example resolveClientIp('127.0.0.1', '203.0.113.7, 10.0.0.2', ['loopback', '10.0.0.2']) // '203.0.113.7'
 */
export function resolveClientIp(
  remoteAddress: string,
  forwardedFor: string | readonly string[] | undefined,
  trustedProxies: readonly string[],
): string {
  const peer = unmapIPv4(remoteAddress ?? '');
  if (forwardedFor === undefined || trustedProxies.length === 0 || !isTrusted(peer, trustedProxies))
    return peer;
  const entries = (typeof forwardedFor === 'string' ? forwardedFor : forwardedFor.join(',')).split(',');
  let hop = peer;
  for (let i = entries.length - 1; i >= 0; i--) {
    const raw = entries[i]!.trim();
    if (raw === '') continue;
    const entry = parseForwardedEntry(raw);
    // A malformed entry: stop at the last hop a trusted proxy vouched for.
    if (entry === undefined) return hop;
    if (!isTrusted(entry, trustedProxies)) return entry;
    hop = entry;
  }
  // Every hop is a trusted proxy: the left-most one is the closest thing to a client.
  return hop;
}

/** `true` when `ip` is one of the trusted proxies (exact match or the `loopback` keyword). */
export function isTrusted(ip: string, trustedProxies: readonly string[]): boolean {
  for (const trusted of trustedProxies) {
    if (trusted === 'loopback') {
      if (ip === '::1' || (ip.startsWith('127.') && isIP(ip) === 4)) return true;
    } else if (unmapIPv4(trusted.toLowerCase()) === ip) {
      return true;
    }
  }
  return false;
}

/** `1.2.3.4`, `1.2.3.4:5678`, `[2001:db8::1]:80`, `2001:db8::1` → the address; else `undefined`. */
function parseForwardedEntry(raw: string): string | undefined {
  let address = raw.toLowerCase();
  if (address[0] === '[') {
    const close = address.indexOf(']');
    if (close === -1) return undefined;
    address = address.slice(1, close);
  } else if (address.indexOf(':') === address.lastIndexOf(':') && address.includes(':')) {
    address = address.slice(0, address.indexOf(':'));
  }
  address = unmapIPv4(address);
  return isIP(address) === 0 ? undefined : address;
}

/** `::ffff:127.0.0.1` → `127.0.0.1` (how node reports IPv4 peers on dual-stack sockets). */
function unmapIPv4(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
