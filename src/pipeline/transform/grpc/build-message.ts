/**
 * The request message for one call, in proto3 JSON form, from three sources with a fixed
 * precedence: path variables win over the body, the body wins over query parameters
 * (as in google.api.http, a field the path binds cannot be overridden by the client's body).
 */
import {
  type DescField,
  type DescMessage,
  fromJson,
  type Registry,
  ScalarType,
  toJson,
} from '@bufbuild/protobuf';
import { mergeJson, showValue } from '../request-parts.js';
import {
  type CheckResult,
  checkFieldValue,
  checkMessage,
  findField,
  unknownFieldDetail,
} from './message-check.js';

export interface MessageSources {
  /** Field path (`id`, `product.id`) → text, from template variables or route parameters. */
  readonly pathValues: readonly (readonly [string, string])[];
  /** Query parameters to map onto fields; `undefined` when the binding takes none (`body: "*"`). */
  readonly query: URLSearchParams | undefined;
  /**
   * The parsed JSON body and where it goes: `*` (the whole message) or a field path;
   * `inexactIntegers`: its numbers that JSON parsing rounded (body.ts).
   */
  readonly body:
    | { readonly value: unknown; readonly field: string; readonly inexactIntegers?: ReadonlySet<number> }
    | undefined;
  /** Route parameters that name no field are skipped instead of refused. */
  readonly lenientPath: boolean;
}

/** Builds the message; on success `value` is its canonical proto3 JSON. */
export function buildMessage(input: DescMessage, sources: MessageSources, registry: Registry): CheckResult {
  const fromQuery = sources.query ? queryObject(input, sources.query) : { ok: true as const, value: {} };
  if (!fromQuery.ok) return fromQuery;
  const query = checkMessage(input, fromQuery.value, 'query', registry);
  if (!query.ok) return query;

  let body: unknown = {};
  if (sources.body && sources.body.value !== undefined) {
    const checked = bodyObject(input, sources.body, registry);
    if (!checked.ok) return checked;
    body = checked.value;
  }

  const fromPath = pathObject(input, sources.pathValues, sources.lenientPath);
  if (!fromPath.ok) return fromPath;
  const path = checkMessage(input, fromPath.value, 'path', registry);
  if (!path.ok) return path;

  const merged = mergeJson(mergeJson(query.value, body), path.value);
  try {
    const message = fromJson(input, merged as never, { registry });
    return { ok: true, value: toJson(input, message, { registry }) };
  } catch (error) {
    return { ok: false, detail: `request: ${(error as Error).message}` };
  }
}

function bodyObject(
  input: DescMessage,
  body: NonNullable<MessageSources['body']>,
  registry: Registry,
): CheckResult {
  const { field, value, inexactIntegers } = body;
  if (field === '*') return checkMessage(input, value, 'body', registry, inexactIntegers);
  const resolved = resolveFieldPath(input, field);
  if (typeof resolved === 'string') return { ok: false, detail: `body: ${resolved}` };
  const checked = checkFieldValue(resolved.field, value, 'body', registry, inexactIntegers);
  return checked.ok ? { ok: true, value: nest(resolved.jsonPath, checked.value) } : checked;
}

function pathObject(input: DescMessage, values: MessageSources['pathValues'], lenient: boolean): CheckResult {
  let out: unknown = {};
  for (const [fieldPath, text] of values) {
    const resolved = resolveFieldPath(input, fieldPath);
    if (typeof resolved === 'string') {
      if (lenient) continue;
      return { ok: false, detail: `path.${fieldPath}: ${resolved}` };
    }
    out = mergeJson(out, nest(resolved.jsonPath, textToJson(resolved.field, text)));
  }
  return { ok: true, value: out };
}

/** `?product.name=x&tags=a&tags=b` → `{ product: { name: 'x' }, tags: ['a', 'b'] }`. */
function queryObject(input: DescMessage, query: URLSearchParams): CheckResult {
  let out: unknown = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    const resolved = resolveFieldPath(input, key);
    if (typeof resolved === 'string') return { ok: false, detail: `query.${key}: ${resolved}` };
    const { field } = resolved;
    if (field.fieldKind === 'map')
      return { ok: false, detail: `query.${key}: map fields cannot be set from the query` };
    if (field.fieldKind === 'message' && !isTextMessage(field.message)) {
      return {
        ok: false,
        detail: `query.${key}: is a message (${field.message.typeName}); set its fields (${key}.<field>=…)`,
      };
    }
    let value: unknown;
    if (field.fieldKind === 'list') value = values.map((v) => textToJson(field, v));
    else if (values.length > 1) {
      return {
        ok: false,
        detail: `query.${key}: given ${values.length} times; only repeated fields take several values`,
      };
    } else value = textToJson(field, values[0]!);
    out = mergeJson(out, nest(resolved.jsonPath, value));
  }
  return { ok: true, value: out };
}

/** Resolves `product.price_cents` through nested message fields, or says why it cannot. */
function resolveFieldPath(
  desc: DescMessage,
  path: string,
): { field: DescField; jsonPath: string[] } | string {
  const names = path.split('.');
  let current = desc;
  const jsonPath: string[] = [];
  for (let i = 0; i < names.length; i++) {
    const field = findField(current, names[i]!);
    if (!field) return unknownFieldDetail(current, names[i]!);
    jsonPath.push(field.jsonName);
    if (i === names.length - 1) return { field, jsonPath };
    if (field.fieldKind !== 'message')
      return `${names.slice(0, i + 1).join('.')} is not a message, so it has no field ${showValue(names[i + 1])}`;
    current = field.message;
  }
  return 'empty field path';
}

/** Text from a URL turned into the JSON the field expects: booleans and enum numbers; the rest stays text. */
function textToJson(field: DescField, text: string): unknown {
  const kind = field.fieldKind === 'list' ? field.listKind : field.fieldKind;
  if (kind === 'enum') return /^-?\d+$/.test(text) ? Number(text) : text;
  const isBool =
    (kind === 'scalar' && (field as { scalar?: ScalarType }).scalar === ScalarType.BOOL) ||
    (kind === 'message' &&
      (field as { message?: DescMessage }).message?.typeName === 'google.protobuf.BoolValue');
  if (isBool) return text === 'true' ? true : text === 'false' ? false : text;
  return text;
}

/** Message types whose JSON form is a string or number, so a URL can carry them. */
function isTextMessage(desc: DescMessage): boolean {
  return (
    /^google\.protobuf\.(Timestamp|Duration|FieldMask|\w+Value)$/.test(desc.typeName) &&
    desc.typeName !== 'google.protobuf.ListValue'
  );
}

function nest(path: readonly string[], value: unknown): unknown {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}
