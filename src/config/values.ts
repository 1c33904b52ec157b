/** Small conversions shared by the checks and the resolver: regexes, matchers, target URLs. */
import { isIP } from 'node:net';
import type { ValueMatcher } from './resolved.js';
import type { ValueMatch } from './schema/index.js';

const defaultPorts: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443', 'grpc:': '80' };

/** A target URL's scheme and `host:port` id (default ports filled in), or `undefined` when it is no URL. */
export function targetAddress(url: string): { protocol: string; id: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.hostname === '') return undefined;
  const port = parsed.port || defaultPorts[parsed.protocol] || '';
  return { protocol: parsed.protocol, id: `${parsed.hostname.toLowerCase()}:${port}` };
}

/** `{ regex, flags }` → RegExp, or the message of the syntax error. */
export function compileRegexData(data: { regex: string; flags?: string | undefined }): RegExp | string {
  try {
    return new RegExp(data.regex, data.flags ?? '');
  } catch (error) {
    const message = (error as Error).message;
    return message.charAt(0).toLowerCase() + message.slice(1);
  }
}

/**
 * A RegExp the matchers can call `.test()` on without state: `g` and `y` make `test` remember
 * `lastIndex` between calls, so they are dropped.
 */
export function statelessRegex(regex: RegExp): RegExp {
  return /[gy]/.test(regex.flags) ? new RegExp(regex.source, regex.flags.replace(/[gy]/g, '')) : regex;
}

/** A RegExp, or `{ regex, flags }` data (already checked to compile). */
export function toRegex(value: RegExp | { regex: string; flags?: string | undefined }): RegExp {
  if (value instanceof RegExp) return statelessRegex(value);
  const compiled = compileRegexData(value);
  if (typeof compiled === 'string') throw new Error(`regex was not checked: ${compiled}`);
  return compiled;
}

/** `true` → present, `false` → absent, a string → exact, a RegExp or `{ regex }` → regex. */
export function toMatcher(match: ValueMatch): ValueMatcher {
  if (match === true) return { kind: 'present' };
  if (match === false) return { kind: 'absent' };
  if (typeof match === 'string') return { kind: 'exact', value: match };
  return { kind: 'regex', regex: toRegex(match) };
}

/** True for `http://` and `https://` URLs (JWKS and WSDL locations may be either a URL or a file). */
export function isHttpUrl(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

/** Why `range` is not an address or CIDR range, or `undefined` when it is one. */
export function cidrProblem(range: string): string | undefined {
  const parts = range.split('/');
  const family = isIP(parts[0] ?? '');
  if (parts.length > 2 || family === 0)
    return `${JSON.stringify(range)} is not an IP address or CIDR range — e.g. '10.0.0.0/8' or '::1'`;
  if (parts.length === 2) {
    const bits = parts[1]!;
    const max = family === 6 ? 128 : 32;
    if (!/^\d{1,3}$/.test(bits) || Number(bits) > max)
      return `${JSON.stringify(range)}: the prefix length must be 0–${max}`;
  }
  return undefined;
}
