/**
 * The body of a client-streaming call: one message per line of NDJSON (`application/x-ndjson`,
 * `application/jsonl`), or a JSON array of messages (`application/json`). Blank lines are skipped;
 * every error names its line (or array item), so a client knows which message to fix.
 */
import { problem } from '../../problem.js';
import type { NormalizedRequest } from '../../types.js';
import type { BodyResult } from '../body.js';
import { invalid, parseJsonExactly, readJsonBody } from '../body.js';

/** One message of the stream and where it was: `line 3` or `item 2`. */
export interface StreamedMessage {
  readonly at: string;
  readonly value: unknown;
  /** Numbers of this message that JSON parsing rounded. */
  readonly inexactIntegers?: ReadonlySet<number>;
}

export type StreamBodyResult =
  | { readonly ok: true; readonly messages: readonly StreamedMessage[] }
  | Extract<BodyResult, { ok: false }>;

const NDJSON_TYPES = [
  'application/x-ndjson',
  'application/ndjson',
  'application/jsonl',
  'application/x-jsonlines',
];

/** Reads the messages of a client stream. */
export async function readStreamBody(request: NormalizedRequest, limit: number): Promise<StreamBodyResult> {
  const type = String(request.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (!NDJSON_TYPES.includes(type)) {
    // A JSON array (or one message) for clients that cannot send NDJSON.
    const read = await readJsonBody(request, limit);
    if (!read.ok) return read;
    if (read.value === undefined) return { ok: true, messages: [] };
    const items = Array.isArray(read.value) ? read.value : [read.value];
    const { inexactIntegers } = read;
    return { ok: true, messages: items.map((value, i) => ({ at: `item ${i + 1}`, value, inexactIntegers })) };
  }
  let bytes: Uint8Array = new Uint8Array();
  try {
    if (request.readBody) bytes = await request.readBody();
  } catch {
    return {
      ok: false,
      problem: problem('payload-too-large', 413, `body: larger than the limit of ${limit} bytes`),
    };
  }
  if (bytes.byteLength > limit)
    return {
      ok: false,
      problem: problem('payload-too-large', 413, `body: larger than the limit of ${limit} bytes`),
    };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return invalid('body: is not valid UTF-8');
  }
  const messages: StreamedMessage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    try {
      messages.push({ at: `line ${i + 1}`, ...parseJsonExactly(line) });
    } catch (error) {
      return invalid(`body line ${i + 1}: malformed JSON (${(error as Error).message})`);
    }
  }
  return { ok: true, messages };
}
