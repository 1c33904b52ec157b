/** Shapes shared by several parts of the config: durations, sizes, secrets and string matchers. */
import { z } from 'zod';

/**
 * A duration: milliseconds as a number, or a string with a unit.
 * @example 250        // 250 ms
 * @example '30s'      // also 'ms', 'm', 'h'
 */
export const durationSchema = z.union([
  z.number().nonnegative(),
  z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|h)$/, 'a duration such as 250, "250ms", "30s" or "5m"'),
]);
export type Duration = z.input<typeof durationSchema>;

/**
 * A size: bytes as a number, or a string with a unit.
 * @example 1048576
 * @example '10mb'     // also 'b', 'kb', 'gb'
 */
export const sizeSchema = z.union([
  z.number().int().nonnegative(),
  z.string().regex(/^\d+(\.\d+)?\s*(b|kb|mb|gb)$/i, 'a size such as 65536, "64kb" or "10mb"'),
]);
export type Size = z.input<typeof sizeSchema>;

/**
 * A secret value. Prefer `{ env: 'NAME' }` so the secret stays out of the file
 * (`gateway lint` warns about inline secrets with `auth/inline-secret`).
 * @example { env: 'ORDERS_API_KEY' }
 * @example { file: './keys/hmac.txt' }   // read from a file, relative to the config
 */
export const secretSchema = z.union([
  z.string().min(1),
  z.strictObject({
    /** Name of the environment variable that holds the value. */
    env: z.string().min(1),
  }),
  z.strictObject({
    /** Path of a file that holds the value (trailing newline trimmed), relative to the config file. */
    file: z.string().min(1),
  }),
]);
export type Secret = z.input<typeof secretSchema>;

/** A regular expression written as data (for JSON and YAML configs). */
export const regexDataSchema = z.strictObject({
  /** The pattern, in JavaScript RegExp syntax. */
  regex: z.string().min(1),
  /** RegExp flags, e.g. `'i'`. */
  flags: z.string().regex(/^[imsu]*$/, 'only the flags i, m, s and u').optional(),
});

/**
 * How a header, query parameter or host is matched:
 * - `true`: present (any value); `false`: absent
 * - a string: exactly this value
 * - a RegExp (or `{ regex: '^v\\d+$' }` in JSON/YAML): the value matches it
 * @example { 'x-tenant': 'acme', 'x-debug': true, 'x-version': /^2\./ }
 */
export const valueMatchSchema = z.union([
  z.boolean(),
  z.string(),
  z.instanceof(RegExp),
  regexDataSchema,
]);
export type ValueMatch = z.input<typeof valueMatchSchema>;
