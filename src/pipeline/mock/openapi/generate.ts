/**
 * A value from a JSON schema, for operations whose responses have no example: the schema's own
 * `example`/`default`/`enum`, else a plain value of its type (`format`-aware strings). Always the
 * same value for the same schema, so `explain` and the proxy agree; depth-limited, because a
 * dereferenced document may refer to itself.
 */
import type { Schema } from './api.js';

const MAX_DEPTH = 8;

const STRING_FORMATS: Readonly<Record<string, string>> = {
  'date-time': '2024-01-01T00:00:00Z',
  date: '2024-01-01',
  time: '00:00:00Z',
  email: 'user@example.com',
  uuid: '00000000-0000-4000-8000-000000000000',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  byte: 'U3dhZ2dlcg==',
};

/** The value a mock answers for `schema`. */
export function generateFromSchema(schema: Schema | undefined, depth = 0): unknown {
  if (schema === undefined || depth > MAX_DEPTH) return null;
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (Array.isArray(schema.allOf)) {
    const parts = (schema.allOf as Schema[]).map((part) => generateFromSchema(part, depth + 1));
    return parts.every(isObject) ? Object.assign({}, ...parts) : (parts[0] ?? null);
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const choices = schema[key];
    if (Array.isArray(choices) && choices.length > 0)
      return generateFromSchema(choices[0] as Schema, depth + 1);
  }
  switch (typeOf(schema)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, Schema>))
        out[name] = generateFromSchema(property, depth + 1);
      return out;
    }
    case 'array': {
      const count = Math.max(1, Number(schema.minItems ?? 1));
      const item = generateFromSchema(schema.items as Schema | undefined, depth + 1);
      return Array.from({ length: Math.min(count, 10) }, () => item);
    }
    case 'string': {
      const text = STRING_FORMATS[String(schema.format)] ?? 'string';
      const min = Number(schema.minLength ?? 0);
      return text.length >= min ? text : text.padEnd(min, 'x');
    }
    case 'integer':
      return Math.ceil(numberFloor(schema));
    case 'number':
      return numberFloor(schema);
    case 'boolean':
      return true;
    default:
      return null;
  }
}

function typeOf(schema: Schema): string | undefined {
  const type = schema.type;
  if (Array.isArray(type)) return type.find((t) => t !== 'null') as string | undefined;
  if (typeof type === 'string') return type;
  if (schema.properties !== undefined) return 'object';
  if (schema.items !== undefined) return 'array';
  return undefined;
}

function numberFloor(schema: Schema): number {
  if (typeof schema.minimum === 'number') return schema.minimum;
  if (typeof schema.exclusiveMinimum === 'number') return schema.exclusiveMinimum + 1;
  if (typeof schema.maximum === 'number' && schema.maximum < 0) return schema.maximum;
  return 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
