/**
 * Finds the keys the schema allows at a key path, for "unknown key … did you mean …?".
 * It walks zod's schema definitions (`_zod.def`), following every union member that fits.
 */
import type { z } from 'zod';

type Schema = z.core.$ZodType;
type Def = { type: string; [key: string]: unknown };

/**
 * Keys of the object schema(s) that describe `value` at `path` under `root`. Union members are
 * narrowed by literal fields (`type: 'jwt'`) when the value has them.
 */
export function allowedKeysAt(root: Schema, path: readonly PropertyKey[], value: unknown): string[] {
  let candidates = expand(root);
  for (const segment of path) {
    const next: Schema[] = [];
    for (const schema of candidates) {
      const def = defOf(schema);
      if (def.type === 'object') {
        const child = (def.shape as Record<string, Schema>)[String(segment)];
        if (child) next.push(...expand(child));
      } else if (def.type === 'record' && typeof segment === 'string') {
        next.push(...expand(def.valueType as Schema));
      } else if (def.type === 'array' && typeof segment === 'number') {
        next.push(...expand(def.element as Schema));
      }
    }
    candidates = next;
  }
  const objects = candidates.filter((schema) => defOf(schema).type === 'object');
  const fitting = objects.filter((schema) => literalsFit(schema, value));
  const keys = new Set<string>();
  for (const schema of fitting.length > 0 ? fitting : objects) {
    for (const key of Object.keys(defOf(schema).shape as object)) keys.add(key);
  }
  return [...keys];
}

function defOf(schema: Schema): Def {
  return schema._zod.def as unknown as Def;
}

/** Unwraps optional/default/… wrappers and spreads unions into their members. */
function expand(schema: Schema): Schema[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return expand(def.innerType as Schema);
    case 'pipe':
      return expand(def.in as Schema);
    case 'lazy':
      return expand((def.getter as () => Schema)());
    case 'union':
      return (def.options as Schema[]).flatMap(expand);
    default:
      return [schema];
  }
}

/** False when a literal field of the object schema (e.g. `type: 'jwt'`) contradicts the value. */
function literalsFit(schema: Schema, value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  for (const [key, field] of Object.entries(defOf(schema).shape as Record<string, Schema>)) {
    const def = defOf(field);
    if (def.type !== 'literal' || !(key in value)) continue;
    if (!(def.values as unknown[]).includes((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}
