/**
 * Checking a JSON value against a message type before bufbuild converts it, so that a bad request
 * gets a 400 naming the exact field path (`body.product.price_cents: expected an int64 …`) instead
 * of a library message. Keys are normalized to the fields' JSON names, so values from the path,
 * the query and the body merge cleanly whichever spelling (`priceCents`, `price_cents`) they use.
 */
import {
  type DescEnum,
  type DescField,
  type DescMessage,
  fromJson,
  type Registry,
  ScalarType,
} from '@bufbuild/protobuf';
import { didYouMean } from '../../../config/suggest.js';
import { isPlainObject, showValue } from '../request-parts.js';
import { exactInteger, scalarName, scalarProblem } from './scalar-check.js';

/** What the walk carries along. */
interface Context {
  readonly registry: Registry;
  /** Numbers of the body that JSON parsing rounded (body.ts). */
  readonly inexactIntegers: ReadonlySet<number>;
}

/** Thrown inside the walk, caught by {@link checkMessage}; never escapes this module. */
class CheckFailure extends Error {}

/** Wrapper types: their JSON is the wrapped scalar. */
const WRAPPERS: Record<string, ScalarType> = {
  'google.protobuf.DoubleValue': ScalarType.DOUBLE,
  'google.protobuf.FloatValue': ScalarType.FLOAT,
  'google.protobuf.Int64Value': ScalarType.INT64,
  'google.protobuf.UInt64Value': ScalarType.UINT64,
  'google.protobuf.Int32Value': ScalarType.INT32,
  'google.protobuf.UInt32Value': ScalarType.UINT32,
  'google.protobuf.BoolValue': ScalarType.BOOL,
  'google.protobuf.StringValue': ScalarType.STRING,
  'google.protobuf.BytesValue': ScalarType.BYTES,
};

/** Well-known types with their own JSON form, checked by letting bufbuild parse them. */
const SPECIAL: Record<string, string> = {
  'google.protobuf.Timestamp': 'an RFC 3339 timestamp such as "2024-01-01T00:00:00Z"',
  'google.protobuf.Duration': 'a duration such as "1.5s"',
  'google.protobuf.FieldMask': 'a field mask such as "name,priceCents"',
  'google.protobuf.Struct': 'a JSON object',
  'google.protobuf.Value': 'any JSON value',
  'google.protobuf.ListValue': 'a JSON array',
  'google.protobuf.Any': 'an object with "@type"',
};

export type CheckResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly detail: string };

/** Checks `value` as message `desc`; `path` names where it came from (`body`, `query`). */
export function checkMessage(
  desc: DescMessage,
  value: unknown,
  path: string,
  registry: Registry,
  inexactIntegers: ReadonlySet<number> = new Set(),
): CheckResult {
  try {
    return { ok: true, value: checkMessageValue(desc, value, path, { registry, inexactIntegers }) };
  } catch (error) {
    if (error instanceof CheckFailure) return { ok: false, detail: error.message };
    throw error;
  }
}

/** Checks `value` as the type of one field (for a body bound to a field). */
export function checkFieldValue(
  field: DescField,
  value: unknown,
  path: string,
  registry: Registry,
  inexactIntegers: ReadonlySet<number> = new Set(),
): CheckResult {
  try {
    return { ok: true, value: checkField(field, value, path, { registry, inexactIntegers }) };
  } catch (error) {
    if (error instanceof CheckFailure) return { ok: false, detail: error.message };
    throw error;
  }
}

/** The field named `key` (JSON name or proto name). */
export function findField(desc: DescMessage, key: string): DescField | undefined {
  return desc.fields.find((f) => f.jsonName === key || f.name === key);
}

/** `unknown field of shop.v1.Product — did you mean "name"?` */
export function unknownFieldDetail(desc: DescMessage, key: string): string {
  const names = desc.fields.flatMap((f) => [f.jsonName, f.name]);
  const hint =
    didYouMean(key, names) || ` (fields: ${desc.fields.map((f) => f.jsonName).join(', ') || 'none'})`;
  return `unknown field of ${desc.typeName}${hint}`;
}

function fail(detail: string): never {
  throw new CheckFailure(detail);
}

function checkMessageValue(desc: DescMessage, value: unknown, path: string, ctx: Context): unknown {
  const wrapped = WRAPPERS[desc.typeName];
  if (wrapped !== undefined) return checkScalar(wrapped, value, path, ctx);
  const special = SPECIAL[desc.typeName];
  if (special !== undefined) {
    try {
      fromJson(desc, value as never, { registry: ctx.registry });
    } catch {
      fail(`${path}: expected ${special}, found ${showValue(value)}`);
    }
    // bufbuild lets Date roll over impossible times ("T24:00:00", "2001-02-29"); RFC 3339 does not.
    if (desc.typeName === 'google.protobuf.Timestamp' && !isRealTimestamp(value as string))
      fail(`${path}: ${showValue(value)} is no date and time of the calendar (RFC 3339)`);
    return value;
  }
  if (!isPlainObject(value))
    fail(`${path}: expected an object (${desc.typeName}), found ${showValue(value)}`);
  const out: Record<string, unknown> = {};
  const oneofs = new Map<string, string>();
  for (const [key, child] of Object.entries(value)) {
    const field = findField(desc, key);
    if (!field) fail(`${path}.${key}: ${unknownFieldDetail(desc, key)}`);
    if (field.jsonName in out) fail(`${path}.${key}: set twice (as "${field.name}" and "${field.jsonName}")`);
    if (field.oneof && child !== null) {
      const other = oneofs.get(field.oneof.name);
      if (other)
        fail(`${path}.${key}: "${other}" is already set; they are alternatives (oneof ${field.oneof.name})`);
      oneofs.set(field.oneof.name, key);
    }
    out[field.jsonName] = child === null ? null : checkField(field, child, `${path}.${key}`, ctx);
  }
  return out;
}

function checkField(field: DescField, value: unknown, path: string, ctx: Context): unknown {
  switch (field.fieldKind) {
    case 'scalar':
      return checkScalar(field.scalar, value, path, ctx);
    case 'enum':
      return checkEnum(field.enum, value, path);
    case 'message':
      return checkMessageValue(field.message, value, path, ctx);
    case 'list': {
      if (!Array.isArray(value))
        fail(`${path}: expected an array (repeated field), found ${showValue(value)}`);
      return value.map((item, i) => {
        const at = `${path}[${i}]`;
        if (field.listKind === 'scalar') return checkScalar(field.scalar, item, at, ctx);
        if (field.listKind === 'enum') return checkEnum(field.enum, item, at);
        return checkMessageValue(field.message, item, at, ctx);
      });
    }
    case 'map': {
      if (!isPlainObject(value)) fail(`${path}: expected an object (map field), found ${showValue(value)}`);
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const at = `${path}.${key}`;
        const keyProblem = field.mapKey === ScalarType.STRING ? undefined : mapKeyProblem(field.mapKey, key);
        if (keyProblem) fail(`${at}: map key ${keyProblem}`);
        if (field.mapKind === 'scalar') out[key] = checkScalar(field.scalar, item, at, ctx);
        else if (field.mapKind === 'enum') out[key] = checkEnum(field.enum, item, at);
        else out[key] = checkMessageValue(field.message, item, at, ctx);
      }
      return out;
    }
  }
}

function checkScalar(type: ScalarType, value: unknown, path: string, ctx: Context): unknown {
  const problem = scalarProblem(type, value, ctx.inexactIntegers);
  if (problem) fail(`${path}: ${problem}`);
  return exactInteger(type, value);
}

function checkEnum(desc: DescEnum, value: unknown, path: string): unknown {
  if (desc.typeName === 'google.protobuf.NullValue' && value === null) return value;
  if (typeof value === 'string' && desc.values.some((v) => v.name === value)) return value;
  // proto3 enums are open: any int32 number is accepted and passed on.
  if (typeof value === 'number' && scalarProblem(ScalarType.INT32, value) === undefined) return value;
  const names = desc.values.map((v) => v.name);
  fail(
    `${path}: ${showValue(value)} is not a value of ${desc.typeName} (expected one of ${names.join(', ')})`,
  );
}

function mapKeyProblem(type: ScalarType, key: string): string | undefined {
  if (type === ScalarType.BOOL)
    return key === 'true' || key === 'false' ? undefined : `"${key}" is not true or false`;
  const problem = scalarProblem(type, key);
  return problem ? `"${key}" is not an ${scalarName(type)}` : undefined;
}

/** Whether an RFC 3339 timestamp's fields name a real moment (no 25th hour, no 30 February). */
function isRealTimestamp(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/.exec(
    text,
  );
  if (!m) return false;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = m
    .slice(1)
    .map((part) => Number(part ?? 0));
  const date = new Date(Date.UTC(year!, month! - 1, day!));
  return (
    date.getUTCMonth() === month! - 1 &&
    date.getUTCDate() === day &&
    hour! < 24 &&
    minute! < 60 &&
    second! < 60 &&
    offsetHours! < 24 &&
    offsetMinutes! < 60
  );
}
