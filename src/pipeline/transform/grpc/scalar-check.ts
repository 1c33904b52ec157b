/**
 * Checking one JSON value against a protobuf scalar type, by the proto3 JSON mapping: integers as
 * numbers or decimal strings (64-bit ones preferably strings), floats also as "NaN"/"Infinity",
 * bytes as base64. Returns why a value does not fit, or `undefined`; conversion is bufbuild's.
 */
import { ScalarType } from '@bufbuild/protobuf';
import { showValue } from '../request-parts.js';

interface IntRange {
  readonly name: string;
  readonly min: bigint;
  readonly max: bigint;
  readonly wide: boolean;
}

const INT32: IntRange = { name: 'int32', min: -(2n ** 31n), max: 2n ** 31n - 1n, wide: false };
const UINT32: IntRange = { name: 'uint32', min: 0n, max: 2n ** 32n - 1n, wide: false };
const INT64: IntRange = { name: 'int64', min: -(2n ** 63n), max: 2n ** 63n - 1n, wide: true };
const UINT64: IntRange = { name: 'uint64', min: 0n, max: 2n ** 64n - 1n, wide: true };

const INTS: Partial<Record<ScalarType, IntRange>> = {
  [ScalarType.INT32]: INT32,
  [ScalarType.SINT32]: INT32,
  [ScalarType.SFIXED32]: INT32,
  [ScalarType.UINT32]: UINT32,
  [ScalarType.FIXED32]: UINT32,
  [ScalarType.INT64]: INT64,
  [ScalarType.SINT64]: INT64,
  [ScalarType.SFIXED64]: INT64,
  [ScalarType.UINT64]: UINT64,
  [ScalarType.FIXED64]: UINT64,
};

const FLOAT_MAX = 3.4028234663852886e38;

/**
 * Why `value` is not a valid `type` in proto3 JSON, or `undefined` when it is. `inexactIntegers`:
 * numbers of the body that JSON parsing rounded (body.ts); any other integer beyond 2^53 is exact.
 */
export function scalarProblem(
  type: ScalarType,
  value: unknown,
  inexactIntegers: ReadonlySet<number> = NO_NUMBERS,
): string | undefined {
  const int = INTS[type];
  if (int) return integerProblem(int, value, inexactIntegers);
  switch (type) {
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return floatProblem(type === ScalarType.FLOAT ? 'float' : 'double', value);
    case ScalarType.BOOL:
      return typeof value === 'boolean'
        ? undefined
        : `expected a bool (true or false), found ${showValue(value)}`;
    case ScalarType.STRING:
      return typeof value === 'string' ? undefined : `expected a string, found ${showValue(value)}`;
    case ScalarType.BYTES:
      return typeof value === 'string' && /^[A-Za-z0-9+/_-]*={0,2}$/.test(value)
        ? undefined
        : `expected bytes (a base64 string), found ${showValue(value)}`;
  }
  return undefined;
}

/** The scalar's name as proto spells it (`int64`), for messages. */
export function scalarName(type: ScalarType): string {
  return INTS[type]?.name ?? ScalarType[type].toLowerCase();
}

const NO_NUMBERS: ReadonlySet<number> = new Set();

/** A 64-bit integer as bufbuild should get it: a number beyond 2^53 as its exact decimal string. */
export function exactInteger(type: ScalarType, value: unknown): unknown {
  const wide = INTS[type]?.wide === true;
  return wide && typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)
    ? BigInt(value).toString()
    : value;
}

function integerProblem(range: IntRange, value: unknown, inexact: ReadonlySet<number>): string | undefined {
  const expected = range.wide
    ? `expected an ${range.name} (number or decimal string)`
    : `expected an ${range.name} (integer number)`;
  let n: bigint;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return `${expected}, found ${showValue(value)}`;
    // Beyond 2^53 a JSON number may have lost digits in parsing; then only a string is exact.
    if (inexact.has(value)) return `${showValue(value)} is not exact as a JSON number; send it as a string`;
    n = BigInt(value);
  } else if (typeof value === 'string' && /^-?\d+$/.test(value)) {
    n = BigInt(value);
  } else if (typeof value === 'string' && value.trim() !== '' && Number.isSafeInteger(Number(value))) {
    n = BigInt(Number(value)); // exponent notation such as "1e3" is valid proto3 JSON
  } else return `${expected}, found ${showValue(value)}`;
  if (n < range.min || n > range.max) return `${showValue(value)} is out of range for ${range.name}`;
  return undefined;
}

function floatProblem(name: string, value: unknown): string | undefined {
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return undefined;
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : Number.NaN;
  if (Number.isNaN(n)) return `expected a ${name} (number), found ${showValue(value)}`;
  if (name === 'float' && Number.isFinite(n) && Math.abs(n) > FLOAT_MAX)
    return `${showValue(value)} is out of range for float`;
  return undefined;
}
