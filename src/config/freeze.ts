/** Deep-freezing of resolved configs: a route table built from one can be shared without copies. */

/**
 * Freezes `value` and every object and array inside it. RegExps are left unfrozen (a frozen
 * RegExp cannot update `lastIndex`, which `exec` and `test` write for some flags), and so are
 * typed arrays, which cannot be frozen.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  if (value instanceof RegExp || ArrayBuffer.isView(value)) return value;
  Object.freeze(value);
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  return value;
}
