/**
 * Filling route and upstream options from `defaults` (the lists of defaultable keys are in
 * schema/defaults.ts). Done once, before resolving, so every later step sees one value per key
 * and `fromDefaults` tells explain where it came from.
 */

/** `own` with each of `keys` it leaves undefined taken from `defaults`, and which keys those were. */
export function withDefaults<T extends object, K extends keyof T>(
  own: T,
  defaults: Partial<Pick<T, K>> | undefined,
  keys: readonly K[],
): { readonly value: T; readonly fromDefaults: readonly K[] } {
  if (defaults === undefined) return { value: own, fromDefaults: [] };
  const value = { ...own };
  const fromDefaults: K[] = [];
  for (const key of keys) {
    if (value[key] !== undefined || defaults[key] === undefined) continue;
    value[key] = defaults[key] as T[K];
    fromDefaults.push(key);
  }
  return { value, fromDefaults };
}
