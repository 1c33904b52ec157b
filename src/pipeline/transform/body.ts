/**
 * Reading a request body for a transform: the bytes the proxy hands over, checked for size,
 * media type, UTF-8, JSON syntax and nesting depth, each failure a precise 4xx problem.
 */
import { problem } from '../problem.js';
import type { NormalizedRequest, Problem } from '../types.js';

/** Deepest object/array nesting a body may have; deeper bodies are refused before any mapping. */
export const MAX_JSON_DEPTH = 32;

export type BodyResult =
  | {
      readonly ok: true;
      readonly value: unknown;
      /** Integers of the body that JSON parsing rounded (see {@link parseJsonExactly}). */
      readonly inexactIntegers?: ReadonlySet<number>;
    }
  | { readonly ok: false; readonly problem: Problem };

/**
 * Reads and parses the JSON body. `value` is `undefined` when there is no body (or it is empty).
 * The proxy enforces the byte limit while reading: a `readBody` that rejects with an error carrying
 * `status: 413` (or `statusCode`) becomes a 413 here; `limit` is checked again on what arrives.
 */
export async function readJsonBody(request: NormalizedRequest, limit: number): Promise<BodyResult> {
  if (!request.readBody) return { ok: true, value: undefined };
  let bytes: Uint8Array;
  try {
    bytes = await request.readBody();
  } catch (error) {
    if (isTooLarge(error)) return tooLarge(limit);
    return {
      ok: false,
      problem: problem('invalid-request', 400, `body: could not be read (${errorMessage(error)})`),
    };
  }
  if (bytes.byteLength > limit) return tooLarge(limit);
  if (bytes.byteLength === 0) return { ok: true, value: undefined };

  const type = headerValue(request.headers['content-type']);
  if (type !== undefined && !isJsonMediaType(type)) {
    const detail = `body: expected application/json, found content-type "${type}"`;
    return { ok: false, problem: problem('invalid-body', 415, detail) };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return invalid('body: is not valid UTF-8');
  }
  let parsed: ReturnType<typeof parseJsonExactly>;
  try {
    parsed = parseJsonExactly(text);
  } catch (error) {
    return invalid(`body: malformed JSON (${errorMessage(error)})`);
  }
  if (isDeeperThan(parsed.value, MAX_JSON_DEPTH))
    return invalid(`body: nesting deeper than ${MAX_JSON_DEPTH} levels`);
  return { ok: true, ...parsed };
}

/**
 * `JSON.parse`, also telling which integers it rounded: beyond 2^53 a number like
 * 9223372036854775807 becomes a nearby double, while 9223372036854774784 is exact. The source text
 * of each number (JSON.parse's `context.source`, Node 21+) tells them apart, so a 64-bit field can
 * take an exact unquoted number and refuse a rounded one. Throws like `JSON.parse`.
 */
export function parseJsonExactly(text: string): { value: unknown; inexactIntegers: ReadonlySet<number> } {
  const inexactIntegers = new Set<number>();
  const value = JSON.parse(text, (_key, found: unknown, context?: { source?: string }) => {
    if (typeof found === 'number' && Number.isInteger(found) && !Number.isSafeInteger(found)) {
      const source = context?.source;
      // Without the source text (older engines) every such number counts as rounded.
      const exact = source !== undefined && /^-?\d+$/.test(source) && BigInt(source) === BigInt(found);
      if (!exact) inexactIntegers.add(found);
    }
    return found;
  });
  return { value, inexactIntegers };
}

/** A 400 `invalid-body` problem. */
export function invalid(detail: string): { readonly ok: false; readonly problem: Problem } {
  return { ok: false, problem: problem('invalid-body', 400, detail) };
}

function tooLarge(limit: number): BodyResult {
  return {
    ok: false,
    problem: problem('payload-too-large', 413, `body: larger than the limit of ${limit} bytes`),
  };
}

function isTooLarge(error: unknown): boolean {
  const e = error as { status?: unknown; statusCode?: unknown } | null;
  return typeof e === 'object' && e !== null && (e.status === 413 || e.statusCode === 413);
}

function isJsonMediaType(type: string): boolean {
  const essence = type.split(';')[0]!.trim().toLowerCase();
  return essence === 'application/json' || essence.endsWith('+json');
}

function headerValue(value: string | readonly string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : (value as string | undefined);
}

/** Iterative, so a hostile body cannot overflow the stack while being measured. */
function isDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
