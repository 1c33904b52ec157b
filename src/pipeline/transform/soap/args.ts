/**
 * SOAP arguments from a REST request: route parameters, query parameters and the JSON body, merged
 * with the same precedence as gRPC (path > body > query), then checked and ordered by the
 * operation's input as the WSDL describes it. Values are converted only where the WSDL says
 * (xsd numbers and booleans from query text); everything else passes as given.
 */
import { didYouMean } from '../../../config/suggest.js';
import { isPlainObject, mergeJson, showValue } from '../request-parts.js';

/** The `describe()` form of an input: element name → xsd type name, or a nested description. */
export type InputDescription = { readonly [name: string]: string | InputDescription };

export type ArgsResult =
  | { readonly ok: true; readonly args: Record<string, unknown> }
  | { readonly ok: false; readonly detail: string };

const INTEGER =
  /^xsd?:(int|integer|long|short|byte|unsignedInt|unsignedLong|unsignedShort|unsignedByte|nonNegativeInteger|positiveInteger|negativeInteger|nonPositiveInteger)$/;
const DECIMAL = /^xsd?:(decimal|double|float)$/;
const BOOLEAN = /^xsd?:boolean$/;
/** Keys `describe()` adds that are not elements. */
const META_KEYS = new Set(['targetNSAlias', 'targetNamespace']);

/** Builds the arguments; `query` values are text, `body` is parsed JSON (or `undefined`). */
export function buildSoapArgs(
  operation: string,
  input: InputDescription | undefined,
  sources: { params: readonly (readonly [string, string])[]; query: URLSearchParams; body: unknown },
): ArgsResult {
  if (sources.body !== undefined && !isPlainObject(sources.body)) {
    return {
      ok: false,
      detail: `body: expected a JSON object of ${operation}'s arguments, found ${showValue(sources.body)}`,
    };
  }
  const description = input ?? {};
  const query: Record<string, unknown> = {};
  for (const key of new Set(sources.query.keys())) {
    const values = sources.query.getAll(key);
    const repeated = `${key}[]` in description;
    if (!repeated && values.length > 1)
      return { ok: false, detail: `query.${key}: given ${values.length} times; ${operation} takes one` };
    query[key] = repeated ? values : values[0];
  }
  const params = Object.fromEntries(
    sources.params.filter(([name]) => elementKey(description, name) !== undefined),
  );

  const checked: Record<string, unknown> = {};
  for (const [origin, values] of [
    ['query', query],
    ['body', sources.body ?? {}],
    ['path', params],
  ] as const) {
    const result = checkObject(operation, description, values as Record<string, unknown>, origin);
    if (!result.ok) return result;
    Object.assign(checked, mergeJson(checked, result.args));
  }
  // Merging follows precedence, not the WSDL's order; re-run the check to order the result.
  return checkObject(operation, description, checked, 'args');
}

function checkObject(
  owner: string,
  description: InputDescription,
  value: Record<string, unknown>,
  path: string,
): ArgsResult {
  const known = Object.keys(description)
    .filter((k) => !META_KEYS.has(k))
    .map((k) => k.replace(/\[\]$/, ''));
  const out: Record<string, unknown> = {};
  // Document/literal sequences are order-sensitive: emit elements in the WSDL's order.
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      const hint = didYouMean(key, known) || ` (arguments: ${known.join(', ') || 'none'})`;
      return { ok: false, detail: `${path}.${key}: not an argument of ${owner}${hint}` };
    }
  }
  for (const key of known) {
    if (!(key in value)) continue;
    const type = description[key] ?? description[`${key}[]`]!;
    const isList = `${key}[]` in description;
    const item = value[key];
    const at = `${path}.${key}`;
    if (isList && Array.isArray(item)) {
      const items: unknown[] = [];
      for (const [i, entry] of item.entries()) {
        const one = checkValue(key, type, entry, `${at}[${i}]`);
        if (!one.ok) return one;
        items.push(one.value);
      }
      out[key] = items;
    } else {
      const one = checkValue(key, type, item, at);
      if (!one.ok) return one;
      out[key] = one.value;
    }
  }
  return { ok: true, args: out };
}

function checkValue(
  name: string,
  type: string | InputDescription,
  value: unknown,
  path: string,
): { ok: true; value: unknown } | { ok: false; detail: string } {
  if (typeof type !== 'string') {
    if (!isPlainObject(value))
      return { ok: false, detail: `${path}: expected an object, found ${showValue(value)}` };
    const nested = checkObject(name, type, value, path);
    return nested.ok ? { ok: true, value: nested.args } : nested;
  }
  const xsd = type.split('|')[0]!;
  if (value === null) return { ok: true, value };
  if (INTEGER.test(xsd)) {
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n))
      return { ok: false, detail: `${path}: expected ${xsd} (an integer), found ${showValue(value)}` };
    return { ok: true, value: n };
  }
  if (DECIMAL.test(xsd)) {
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n !== 'number' || Number.isNaN(n))
      return { ok: false, detail: `${path}: expected ${xsd} (a number), found ${showValue(value)}` };
    return { ok: true, value: n };
  }
  if (BOOLEAN.test(xsd)) {
    const b = value === 'true' ? true : value === 'false' ? false : value;
    if (typeof b !== 'boolean')
      return { ok: false, detail: `${path}: expected ${xsd} (true or false), found ${showValue(value)}` };
    return { ok: true, value: b };
  }
  if (typeof value === 'object')
    return { ok: false, detail: `${path}: expected ${xsd} (a simple value), found ${showValue(value)}` };
  return { ok: true, value };
}

function elementKey(description: InputDescription, name: string): string | undefined {
  if (META_KEYS.has(name)) return undefined;
  if (name in description) return name;
  return `${name}[]` in description ? `${name}[]` : undefined;
}
