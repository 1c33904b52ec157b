/**
 * `google.api.http` path templates (google/api/http.proto):
 *
 *     Template = "/" Segments [ Verb ] ;   Segment  = "*" | "**" | LITERAL | Variable ;
 *     Variable = "{" FieldPath [ "=" Segments ] "}" ;   Verb = ":" LITERAL ;
 *
 * compiled once into segment matchers, then matched against a request path.
 */

type Segment =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'one' }
  | { readonly kind: 'rest' };

/** A parsed template. */
export interface PathTemplate {
  readonly source: string;
  readonly segments: readonly Segment[];
  /** Variables: the field path and the range of segments it captures. */
  readonly variables: readonly { readonly field: string; readonly start: number; readonly end: number }[];
  readonly verb: string | undefined;
  /** Literal segments, for ranking several matches (more literals = more specific). */
  readonly literals: number;
}

/** Parses a template, or returns why it is not one. */
export function parsePathTemplate(source: string): PathTemplate | string {
  if (!source.startsWith('/')) return `path template "${source}" must start with "/"`;
  let body = source.slice(1);
  let verb: string | undefined;
  const colon = topLevelIndex(body, ':', true);
  if (colon >= 0) {
    verb = body.slice(colon + 1);
    body = body.slice(0, colon);
  }
  const segments: Segment[] = [];
  const variables: { field: string; start: number; end: number }[] = [];
  for (const part of splitTopLevel(body)) {
    if (part.startsWith('{')) {
      if (!part.endsWith('}')) return `unbalanced "{" in path template "${source}"`;
      const inner = part.slice(1, -1);
      const eq = inner.indexOf('=');
      const field = eq < 0 ? inner : inner.slice(0, eq);
      if (!/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(field)) return `bad field path "${field}" in "${source}"`;
      const start = segments.length;
      for (const sub of eq < 0 ? ['*'] : inner.slice(eq + 1).split('/')) segments.push(segmentOf(sub));
      variables.push({ field, start, end: segments.length });
    } else segments.push(segmentOf(part));
  }
  const literals = segments.filter((s) => s.kind === 'literal').length;
  return { source, segments, variables, verb, literals };
}

/** Matches a path (no query); returns the variables' values (percent-decoded) or `undefined`. */
export function matchPathTemplate(template: PathTemplate, path: string): Record<string, string> | undefined {
  let rest = path.startsWith('/') ? path.slice(1) : path;
  if (template.verb !== undefined) {
    const suffix = `:${template.verb}`;
    if (!rest.endsWith(suffix)) return undefined;
    rest = rest.slice(0, -suffix.length);
  }
  const parts = rest === '' ? [] : rest.split('/');
  const spans = matchSegments(template.segments, parts);
  if (!spans) return undefined;
  const values: Record<string, string> = {};
  for (const variable of template.variables) {
    const from = spans[variable.start]![0];
    const to = variable.end > variable.start ? spans[variable.end - 1]![1] : from;
    const captured = parts.slice(from, to);
    // Multi-segment values keep "/" between segments; an encoded %2F inside one stays encoded.
    values[variable.field] =
      captured.length === 1 ? safeDecode(captured[0]!) : captured.map((p) => safeDecode(p, true)).join('/');
  }
  return values;
}

/** For each template segment, the [from, to) range of path parts it took. `**` may take none. */
function matchSegments(
  segments: readonly Segment[],
  parts: readonly string[],
): [number, number][] | undefined {
  const spans: [number, number][] = [];
  const walk = (si: number, pi: number): boolean => {
    if (si === segments.length) return pi === parts.length;
    const segment = segments[si]!;
    if (segment.kind === 'rest') {
      for (let end = parts.length; end >= pi; end--) {
        spans[si] = [pi, end];
        if (walk(si + 1, end)) return true;
      }
      return false;
    }
    const part = parts[pi];
    if (part === undefined || part === '') return false;
    if (segment.kind === 'literal' && part !== segment.value && safeDecode(part) !== segment.value)
      return false;
    spans[si] = [pi, pi + 1];
    return walk(si + 1, pi + 1);
  };
  return walk(0, 0) ? spans : undefined;
}

function segmentOf(text: string): Segment {
  if (text === '*') return { kind: 'one' };
  if (text === '**') return { kind: 'rest' };
  return { kind: 'literal', value: text };
}

function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === '/' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

/** Index of `char` outside braces (the last one when `last`), or -1. */
function topLevelIndex(text: string, char: string, last: boolean): number {
  let depth = 0;
  let found = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === char && depth === 0) {
      found = i;
      if (!last) return i;
    }
  }
  // A verb follows the last segment only: a ":" before a later "/" is part of a literal.
  return found >= 0 && text.indexOf('/', found) < 0 ? found : -1;
}

function safeDecode(text: string, keepSlash = false): string {
  try {
    const decoded = decodeURIComponent(keepSlash ? text.replaceAll(/%2F/gi, '%252F') : text);
    return decoded;
  } catch {
    return text;
  }
}
