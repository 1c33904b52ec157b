/**
 * Path normalization (RFC 3986 §6.2.2): one canonical spelling per path, so that a route,
 * an auth rule and the upstream all see the same thing. A plain path such as `/users/42`
 * takes a fast path and comes back as the same string.
 */

/** Longest path accepted; longer ones get 414 (URI Too Long). */
export const MAX_PATH_LENGTH = 8 * 1024;

const UNRESERVED = new Uint8Array(128);
const PCHAR = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~') {
  UNRESERVED[ch.charCodeAt(0)] = 1;
  PCHAR[ch.charCodeAt(0)] = 1;
}
// sub-delims, ':' and '@' may appear raw in a segment (RFC 3986 §3.3); ';' stays a literal character.
for (const ch of "!$&'()*+,;=:@") PCHAR[ch.charCodeAt(0)] = 1;

const HEX = Array.from({ length: 256 }, (_, b) => '%' + b.toString(16).toUpperCase().padStart(2, '0'));
const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

export type PathFailure = { readonly ok: false; readonly status: 400 | 414; readonly reason: string };

export type PathResult =
  | {
      readonly ok: true;
      readonly path: string;
      /** Why the path would be rejected unless a route allows encoded slashes (`%2F`, `%5C`). */
      readonly encodedSlash: string | undefined;
      /**
       * Why the path would be rejected unless a route allows path parameters: a dot segment carrying
       * `;` parameters (`..;x`, `.;`), which Tomcat, Jetty and Spring resolve as `..` and `.`.
       */
      readonly dotParameters?: string | undefined;
    }
  | PathFailure;

/**
 * Normalizes an origin-form path (no query): decodes percent-encoded unreserved characters,
 * upper-cases the hex of the other escapes, removes dot segments (also encoded ones, since `.`
 * is unreserved), merges repeated slashes and keeps a trailing slash. `%2F`/`%5C` stay encoded and
 * are reported in `encodedSlash`; NUL, backslashes, bad escapes and invalid UTF-8 are rejected.
 * @example normalizePath('/v1/%2e%2e/admin//x') // { ok: true, path: '/admin/x', encodedSlash: undefined }
 */
export function normalizePath(raw: string): PathResult {
  if (raw.length > MAX_PATH_LENGTH) {
    return fail(414, `path is ${raw.length} characters long; the limit is ${MAX_PATH_LENGTH} (8 KiB)`);
  }
  if (raw.charCodeAt(0) !== 47) return fail(400, 'path must start with "/"');
  if (isPlainPath(raw)) return { ok: true, path: raw, encodedSlash: undefined };
  return normalizeSlowly(raw);
}

/** `true` when the path has an encoded slash or backslash (it is kept encoded by `normalizePath`). */
export function hasEncodedSlash(path: string): boolean {
  return path.indexOf('%') !== -1 && (path.includes('%2F') || path.includes('%5C'));
}

const DOT_PARAMETERS_IN_PATH = /(?:\/|%2F|%5C)\.\.?(?:;|%3B)/;

/**
 * `true` when a normalized path has a dot segment with `;` parameters (`/a/..;x/b`); it is kept as
 * is by `normalizePath`, and only routes with `match.allowPathParameters` accept it.
 */
export function hasDotParameters(path: string): boolean {
  return (path.includes(';') || path.includes('%3B')) && DOT_PARAMETERS_IN_PATH.test(path);
}

/** Nothing to decode, no `//`, no segment starting with `.`: already canonical. */
function isPlainPath(raw: string): boolean {
  let previous = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 47) {
      if (previous === 47) return false;
    } else if (c >= 128 || PCHAR[c] === 0 || (c === 46 && previous === 47)) {
      return false;
    }
    previous = c;
  }
  return true;
}

function normalizeSlowly(raw: string): PathResult {
  const output: string[] = [];
  let trailingSlash = false;
  let encodedSlash: string | undefined;
  let dotParameters: string | undefined;
  let segmentNumber = 0;
  for (let start = 1; start <= raw.length; ) {
    let end = raw.indexOf('/', start);
    if (end === -1) end = raw.length;
    segmentNumber++;
    const segment = canonicalizeSegment(raw, start, end, segmentNumber);
    if (!segment.ok) return segment;
    encodedSlash ??= segment.encodedSlash;
    const dots = checkDotParts(segment, segmentNumber);
    if (dots !== undefined && typeof dots !== 'string') return dots;
    dotParameters ??= dots;
    const isLast = end === raw.length;
    // RFC 3986 §5.2.4 on whole segments; empty segments (from `//`) are merged away.
    if (segment.text === '' || segment.text === '.') {
      trailingSlash = isLast;
    } else if (segment.text === '..') {
      output.pop();
      trailingSlash = isLast;
    } else {
      output.push(segment.text);
      trailingSlash = false;
    }
    start = end + 1;
  }
  const path = output.length === 0 ? '/' : '/' + output.join('/') + (trailingSlash ? '/' : '');
  return dotParameters === undefined
    ? { ok: true, path, encodedSlash }
    : { ok: true, path, encodedSlash, dotParameters };
}

/** `..;x`, `.;`, `..%3B`: a dot segment followed by path parameters (upper-case hex after canonicalizing). */
const DOT_WITH_PARAMETERS = /^\.\.?(;|%3B)/;
const ENCODED_SEPARATOR = /%2F|%5C/;

/**
 * Dot segments hidden in one canonical segment: `..` or `.` between encoded slashes (`..%2F..`),
 * which an upstream that decodes once resolves, is a 400 even where encoded slashes are allowed;
 * a dot segment with `;` parameters is reported (a string) so that only routes allowing path
 * parameters can take it.
 */
function checkDotParts(
  segment: { readonly text: string; readonly encodedSlash?: string },
  segmentNumber: number,
): PathFailure | string | undefined {
  const parts = segment.encodedSlash ? segment.text.split(ENCODED_SEPARATOR) : [segment.text];
  let found: string | undefined;
  for (const part of parts) {
    if (parts.length > 1 && (part === '.' || part === '..'))
      return fail(
        400,
        `dot segment "${part}" hidden by an encoded slash in path segment ${segmentNumber} — an upstream that decodes %2F/%5C would climb out of the route`,
      );
    if (found === undefined && part.charCodeAt(0) === 46 && DOT_WITH_PARAMETERS.test(part))
      found = `dot segment with path parameters ("${part.slice(0, 20)}") in path segment ${segmentNumber} — servers such as Tomcat read it as "${part.startsWith('..') ? '..' : '.'}"; not allowed unless a route sets match.allowPathParameters`;
  }
  return found;
}

type SegmentResult =
  | { readonly ok: true; readonly text: string; readonly encodedSlash?: string }
  | PathFailure;

/**
 * The canonical spelling of one segment `raw[start, end)`: unreserved escapes decoded, other
 * escapes upper-cased, characters that may not appear raw percent-encoded as UTF-8.
 * `segmentNumber` (1-based) only goes into messages.
 */
export function canonicalizeSegment(
  raw: string,
  start: number,
  end: number,
  segmentNumber: number,
): SegmentResult {
  const where = `path segment ${segmentNumber}`;
  let text = '';
  let encodedSlash: string | undefined;
  let i = start;
  while (i < end) {
    const c = raw.charCodeAt(i);
    if (c === 37) {
      const byte = readHexByte(raw, i, end);
      if (byte < 0) return fail(400, `invalid percent-encoding "${raw.slice(i, i + 3)}" in ${where}`);
      if (byte === 0) return fail(400, `encoded NUL (%00) in ${where}`);
      if (byte >= 0x80) {
        const run = readUtf8Run(raw, i, end, where);
        if (!run.ok) return run;
        text += run.text;
        i = run.next;
        continue;
      }
      if (UNRESERVED[byte] === 1) text += String.fromCharCode(byte);
      else {
        if (byte === 0x2f || byte === 0x5c) encodedSlash ??= describeEncodedSlash(byte, where);
        text += HEX[byte];
      }
      i += 3;
    } else if (c === 0) {
      return fail(400, `NUL character in ${where}`);
    } else if (c < 0x20 || c === 0x7f) {
      return fail(400, `control character (0x${c.toString(16).padStart(2, '0')}) in ${where}`);
    } else if (c === 92) {
      return fail(400, `backslash (\\) in ${where} — not allowed (some servers read it as "/")`);
    } else if (c < 128) {
      // Characters that may not appear raw (space, quotes, `{`, `|`, …) get their escape.
      text += PCHAR[c] === 1 ? raw[i] : HEX[c];
      i++;
    } else {
      const codePoint = raw.codePointAt(i)!;
      if (codePoint >= 0xd800 && codePoint <= 0xdfff) return fail(400, `unpaired surrogate in ${where}`);
      for (const byte of utf8Encoder.encode(String.fromCodePoint(codePoint))) text += HEX[byte];
      i += codePoint > 0xffff ? 2 : 1;
    }
  }
  return encodedSlash ? { ok: true, text, encodedSlash } : { ok: true, text };
}

function describeEncodedSlash(byte: number, where: string): string {
  const what = byte === 0x2f ? 'encoded slash (%2F)' : 'encoded backslash (%5C)';
  return `${what} in ${where} — not allowed unless a route sets match.allowEncodedSlashes`;
}

/** A run of escaped bytes ≥ 0x80 must be valid UTF-8; they stay encoded (upper-case hex). */
function readUtf8Run(raw: string, start: number, end: number, where: string) {
  const bytes: number[] = [];
  let i = start;
  for (; i < end && raw.charCodeAt(i) === 37; i += 3) {
    const byte = readHexByte(raw, i, end);
    if (byte < 0) return fail(400, `invalid percent-encoding "${raw.slice(i, i + 3)}" in ${where}`);
    if (byte < 0x80) break;
    bytes.push(byte);
  }
  try {
    utf8.decode(Uint8Array.from(bytes));
  } catch {
    return fail(400, `percent-encoded bytes ${raw.slice(start, i)} in ${where} are not valid UTF-8`);
  }
  return { ok: true as const, text: bytes.map((b) => HEX[b]).join(''), next: i };
}

/** The byte of the escape at `raw[i]` (`%XX`), or -1 when it is not one. */
function readHexByte(raw: string, i: number, end: number): number {
  if (i + 3 > end) return -1;
  const high = hexValue(raw.charCodeAt(i + 1));
  const low = hexValue(raw.charCodeAt(i + 2));
  return high < 0 || low < 0 ? -1 : high * 16 + low;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

function fail(status: 400 | 414, reason: string): PathFailure {
  return { ok: false, status, reason };
}
