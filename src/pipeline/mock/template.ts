/**
 * Mock templates: `{params.id}`, `{query.page}`, `{headers.x-user}`, `{method}` and `{path}` in
 * strings of a mock's body, JSON and header values are filled from the request. Only these names
 * are placeholders, so other braces in a body stay as they are; an absent value becomes `''`.
 */

/** What a template can read. Header names are lower-case. */
export interface TemplateValues {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly method: string;
  readonly path: string;
}

const PLACEHOLDER = /\{(?:(params|query|headers)\.([^{}\s]+)|(method|path))\}/g;

/** Fills the placeholders of one string. */
export function fillString(text: string, values: TemplateValues): string {
  if (!text.includes('{')) return text;
  return text.replace(PLACEHOLDER, (_all, scope: string | undefined, name: string | undefined, bare) => {
    if (bare === 'method') return values.method;
    if (bare === 'path') return values.path;
    if (scope === 'params') return values.params[name!] ?? '';
    if (scope === 'query') return values.query.get(name!) ?? '';
    const header = values.headers[name!.toLowerCase()];
    return (Array.isArray(header) ? header.join(', ') : header) ?? '';
  });
}

/** Fills every string in a JSON value (keys stay as written). */
export function fillJson(value: unknown, values: TemplateValues): unknown {
  if (typeof value === 'string') return fillString(value, values);
  if (Array.isArray(value)) return value.map((item) => fillJson(item, values));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = fillJson(item, values);
    return out;
  }
  return value;
}

/** Fills every header value. */
export function fillHeaders(
  headers: Readonly<Record<string, string>>,
  values: TemplateValues,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = fillString(value, values);
  return out;
}
