/** `mock`: answers the gateway makes up in place of an upstream (inline, from a file, in a sequence, or from an OpenAPI document). */
import { z } from 'zod';
import { durationSchema } from './common.js';

/**
 * One made-up answer. Strings in `json`, `body` and header values are templates:
 * `{params.id}`, `{query.page}`, `{headers.x-user}`, `{method}` and `{path}` are filled from the
 * request (an absent value becomes `''`).
 * @example { status: 200, json: { id: '{params.id}', name: 'Ada' }, latency: '150ms' }
 */
export const mockAnswerSchema = z.strictObject({
  /** @default 200 */
  status: z.number().int().min(100).max(599).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  /** A JSON body (sent as `application/json`). */
  json: z.unknown().optional(),
  /** A text body. */
  body: z.string().optional(),
  /** A file whose content is the body, relative to the config (watched: a change reloads). */
  file: z.string().min(1).optional(),
  /** Wait this long before answering. @example '200ms' */
  latency: durationSchema.optional(),
});
export type MockAnswerConfig = z.input<typeof mockAnswerSchema>;

/**
 * A mock: one answer (the fields of {@link mockAnswerSchema}), a `sequence` of answers given in
 * turn (for retry testing; the last one repeats unless `loop`), or `openapi`: every operation of an
 * OpenAPI 3 document answered with its examples, or values generated from its schemas.
 * @example { json: { id: '{params.id}' } }
 * @example { sequence: [{ status: 503 }, { status: 503 }, { json: { ok: true } }] }
 * @example { openapi: './petstore.yaml' }
 */
export const mockSchema = mockAnswerSchema.extend({
  /** Answers given in turn, one per request; after the last, the last repeats (or, with `loop`, the first comes again). */
  sequence: z.array(mockAnswerSchema).min(1).optional(),
  /** Start the sequence again after its last answer. @default false */
  loop: z.boolean().optional(),
  /**
   * An OpenAPI 3 document (YAML or JSON, relative to the config; `$ref`s resolved, watched). The
   * operation is chosen by path and method; `Prefer: code=404`, `Prefer: example=name` and
   * `Prefer: dynamic=true` choose the answer, as Stoplight Prism does.
   */
  openapi: z.string().min(1).optional(),
});
export type MockConfig = z.input<typeof mockSchema>;
