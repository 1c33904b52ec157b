/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): the gateway takes part in the trace
 * as one span. A valid incoming `traceparent` keeps its trace-id and gets the gateway's span id as
 * the new parent-id; an absent or invalid one starts a new trace, and `tracestate` goes with an
 * invalid one (§3.3: a vendor that could not parse `traceparent` must not use `tracestate`).
 * Ids come from the context's `random`, so `explain` and `test` show the same ids every time.
 */
import type { HeaderEdits, Headers } from './types.js';

/** The gateway's place in the trace, as decided for one request. */
export interface TraceContext {
  /** 32 lower-case hex digits. */
  readonly traceId: string;
  /** The gateway's span: the parent-id upstreams receive. 16 hex digits. */
  readonly spanId: string;
  /** The caller's span (the incoming parent-id) when the trace was continued. */
  readonly parentId?: string;
  /** Trace flags, 2 hex digits (`01`: sampled). */
  readonly flags: string;
  /** `continued` a valid incoming trace; `started` one (none came); `restarted` after an invalid one. */
  readonly origin: 'continued' | 'started' | 'restarted';
  /** Why the incoming `traceparent` was refused (`restarted`). */
  readonly invalid?: string;
  /** The `traceparent` sent upstream. */
  readonly traceparent: string;
}

/** A parsed `traceparent`. */
export type ParsedTraceparent =
  | {
      readonly ok: true;
      readonly version: string;
      readonly traceId: string;
      readonly parentId: string;
      readonly flags: string;
    }
  | { readonly ok: false; readonly reason: string };

const HEX = /^[0-9a-f]+$/;

/**
 * Parses a `traceparent` value by the spec's rules (§3.2): lower-case hex only; version `ff` is
 * invalid; version `00` is exactly 55 characters; a higher version is parsed for its first four
 * fields, each followed by `-` or the end; all-zero trace-id or parent-id is invalid.
 */
export function parseTraceparent(value: string): ParsedTraceparent {
  const version = value.slice(0, 2);
  if (version.length < 2 || !HEX.test(version))
    return { ok: false, reason: 'version is not 2 lower-case hex digits' };
  if (version === 'ff') return { ok: false, reason: 'version ff is invalid' };
  if (version === '00' ? value.length !== 55 : value.length < 55)
    return { ok: false, reason: `expected 55 characters for version ${version}, got ${value.length}` };
  if (value[2] !== '-' || value[35] !== '-' || value[52] !== '-')
    return { ok: false, reason: 'fields are not separated by "-" at the expected places' };
  if (value.length > 55 && value[55] !== '-')
    return { ok: false, reason: 'trace-flags of a higher version are not followed by "-"' };
  const traceId = value.slice(3, 35);
  const parentId = value.slice(36, 52);
  const flags = value.slice(53, 55);
  if (!HEX.test(traceId)) return { ok: false, reason: 'trace-id is not 32 lower-case hex digits' };
  if (!HEX.test(parentId)) return { ok: false, reason: 'parent-id is not 16 lower-case hex digits' };
  if (!HEX.test(flags)) return { ok: false, reason: 'trace-flags is not 2 lower-case hex digits' };
  if (/^0+$/.test(traceId)) return { ok: false, reason: 'trace-id is all zeros' };
  if (/^0+$/.test(parentId)) return { ok: false, reason: 'parent-id is all zeros' };
  return { ok: true, version, traceId, parentId, flags };
}

/** The gateway's trace context for a request with `headers`, and the upstream header edits it implies. */
export function decideTraceContext(
  headers: Headers,
  random: () => number,
): { readonly context: TraceContext; readonly edits: HeaderEdits } {
  const incoming = headers.traceparent;
  const parsed =
    incoming === undefined
      ? undefined
      : Array.isArray(incoming)
        ? ({ ok: false, reason: 'more than one traceparent header' } as const)
        : parseTraceparent(incoming.trim());
  const spanId = randomHex(16, random);
  if (parsed?.ok) {
    // Sent as version 00, the version this gateway speaks; the flags are passed on as they came.
    const traceparent = `00-${parsed.traceId}-${spanId}-${parsed.flags}`;
    const state = headers.tracestate;
    const keepState =
      state !== undefined && isValidTracestate(Array.isArray(state) ? state.join(',') : state);
    return {
      context: {
        traceId: parsed.traceId,
        spanId,
        parentId: parsed.parentId,
        flags: parsed.flags,
        origin: 'continued',
        traceparent,
      },
      // An empty or malformed tracestate is dropped (§3.3.1.1); a valid one passes on unchanged.
      edits: { set: { traceparent }, remove: keepState || state === undefined ? [] : ['tracestate'] },
    };
  }
  const traceId = randomHex(32, random);
  const traceparent = `00-${traceId}-${spanId}-01`;
  return {
    context: {
      traceId,
      spanId,
      flags: '01',
      origin: parsed === undefined ? 'started' : 'restarted',
      ...(parsed === undefined ? {} : { invalid: parsed.reason }),
      traceparent,
    },
    // A new trace: whatever `tracestate` came belongs to no trace the upstream will see.
    edits: { set: { traceparent }, remove: ['tracestate'] },
  };
}

const KEY_CHARS = '[a-z0-9_\\-*/]';
const TRACESTATE_KEY = new RegExp(
  `^(?:[a-z]${KEY_CHARS}{0,255}|[a-z0-9]${KEY_CHARS}{0,240}@[a-z]${KEY_CHARS}{0,13})$`,
);
/** value = 0*255(chr) nblk-chr, where nblk-chr is printable ASCII except `,` and `=`. */
const TRACESTATE_VALUE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

/**
 * Whether a (combined) `tracestate` is one the spec lets a vendor pass on (§3.3.1): at most 32
 * list members, each `key=value` with the spec's key and value grammar, no key twice. Empty
 * members (`a=1,,b=2`) and optional whitespace around them are allowed; an empty header is not.
 */
export function isValidTracestate(value: string): boolean {
  const keys = new Set<string>();
  for (const raw of value.split(',')) {
    const member = raw.replace(/^[ \t]+|[ \t]+$/g, '');
    if (member === '') continue;
    const eq = member.indexOf('=');
    if (eq === -1) return false;
    const key = member.slice(0, eq);
    if (!TRACESTATE_KEY.test(key) || !TRACESTATE_VALUE.test(member.slice(eq + 1)) || keys.has(key))
      return false;
    keys.add(key);
  }
  return keys.size > 0 && keys.size <= 32;
}

/** `00`…`ff`: a table lookup per byte is several times faster than `toString(16)` and padding. */
const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** `digits` (a multiple of 8) lower-case hex digits from `random`, 32 bits a draw; never all zeros (invalid as an id). */
function randomHex(digits: number, random: () => number): string {
  let out = '';
  let zero = true;
  for (let i = 0; i < digits; i += 8) {
    const n = (random() * 0x1_0000_0000) >>> 0;
    if (n !== 0) zero = false;
    out +=
      BYTE_HEX[n >>> 24]! + BYTE_HEX[(n >>> 16) & 255]! + BYTE_HEX[(n >>> 8) & 255]! + BYTE_HEX[n & 255]!;
  }
  return zero ? `${out.slice(0, -1)}1` : out;
}
