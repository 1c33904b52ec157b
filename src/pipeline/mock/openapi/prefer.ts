/**
 * The `Prefer` request header as Stoplight Prism reads it for mocks: `code=404`, `example=cat`,
 * `dynamic=true`, separated by commas or semicolons (RFC 7240 syntax; values may be quoted).
 */

export interface MockPreference {
  readonly code?: string;
  readonly example?: string;
  readonly dynamic?: boolean;
}

/** Reads the preferences a mock honours; unknown ones are ignored. */
export function readPrefer(header: string | string[] | undefined): MockPreference {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const out: { code?: string; example?: string; dynamic?: boolean } = {};
  for (const part of text.split(/[,;]/)) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    const value = part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (name === 'code' && /^\d{3}$/.test(value)) out.code = value;
    else if (name === 'example' && value !== '') out.example = value;
    else if (name === 'dynamic') out.dynamic = value === 'true';
  }
  return out;
}
