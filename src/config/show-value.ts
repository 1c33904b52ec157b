/** Prints a config value short enough for a one-line message: `"users"`, `5`, `an object with keys a, b`. */

const MAX = 40;

/** A short, readable rendering of `value` for "found …" in messages. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return truncate(JSON.stringify(value), true);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (value instanceof RegExp) return truncate(String(value), false);
  const json = safeJson(value);
  if (json !== undefined && json.length <= MAX) return json;
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  const keys = Object.keys(value);
  if (keys.length === 0) return 'an empty object';
  const shown = keys.slice(0, 4).join(', ');
  return `an object with keys ${shown}${keys.length > 4 ? ', …' : ''}`;
}

function truncate(text: string, quoted: boolean): string {
  if (text.length <= MAX) return text;
  return `${text.slice(0, MAX - 2)}…${quoted ? '"' : ''}`;
}

function safeJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    // Cycles and BigInts: fall back to a description.
    return undefined;
  }
}
