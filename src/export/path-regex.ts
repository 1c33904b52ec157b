/**
 * A route's path pattern as an engine sees it: `exact` (one literal path), `prefix` (literal
 * segments then a trailing `**`: the path and everything under it, element-wise),
 * `byte-prefix` (`match.prefix`: any path starting with the bytes, `/api` matching `/apix`), or a
 * PCRE regular expression (parameters, globs, RegExps) that nginx, HAProxy and Caddy all run.
 */
export type PathKind = 'exact' | 'prefix' | 'byte-prefix' | 'params' | 'glob' | 'regex';

export interface PathAnalysis {
  readonly kind: PathKind;
  /** `^…$` in PCRE syntax, matching the whole normalized path (captures: the parameters, in order). */
  readonly regex: string;
  readonly caseInsensitive: boolean;
  /**
   * `exact`: the path; `prefix`: the literal part before `/**` (`/users`; `''` for `/**`);
   * `byte-prefix`: the bytes.
   */
  readonly literal: string | undefined;
  /** Parameter names, in capture order (`**` for a globstar). */
  readonly params: readonly string[];
}

export type PathResult = { ok: true; path: PathAnalysis } | { ok: false; reason: string };

const PARAM = /^:([A-Za-z_][A-Za-z0-9_]*)(\?)?$/;
const GLOB_MAGIC = /[*?[\]{}]|[!+@]\(/;
const EXTGLOB = /[!+@*?]\(/;

/** Escapes text for a PCRE pattern. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, (ch) => (ch === '/' ? '/' : `\\${ch}`));
}

/** Translates `match.prefix` (Envoy's byte prefix) into what engines match on. */
export function analyzeBytePrefix(prefix: string, caseInsensitive: boolean): PathResult {
  return {
    ok: true,
    path: {
      kind: 'byte-prefix',
      regex: `^${escapeRegex(prefix)}.*$`,
      caseInsensitive,
      literal: prefix,
      params: [],
    },
  };
}

/** Translates `match.path` (string pattern or RegExp) into what engines match on. */
export function analyzePath(pattern: string | RegExp | undefined, caseInsensitive: boolean): PathResult {
  if (pattern === undefined) return { ok: false, reason: 'no path pattern' };
  if (pattern instanceof RegExp) {
    const extra = pattern.flags.replace(/[iu]/g, '');
    if (extra) return { ok: false, reason: `RegExp flags "${extra}" have no PCRE equivalent here` };
    const names = [...pattern.source.matchAll(/\(\?<([A-Za-z_]\w*)>/g)].map((m) => m[1]!);
    return {
      ok: true,
      path: {
        kind: 'regex',
        regex: pattern.source,
        caseInsensitive: caseInsensitive || pattern.flags.includes('i'),
        literal: undefined,
        params: names,
      },
    };
  }
  const parts = pattern === '/' ? [] : pattern.slice(1).split('/');
  const trailingSlash = parts.length > 0 && parts[parts.length - 1] === '';
  if (trailingSlash) parts.pop();
  let source = '';
  const params: string[] = [];
  let kind: PathKind = 'exact';
  for (const [i, part] of parts.entries()) {
    const last = i === parts.length - 1;
    if (part === '**') {
      params.push('**');
      source += last ? '(?:/(.*))?' : '(?:/([^/]+(?:/[^/]+)*))?';
      kind = last && kind === 'exact' ? 'prefix' : kind === 'glob' ? 'glob' : 'params';
      continue;
    }
    const param = PARAM.exec(part);
    if (param) {
      params.push(param[1]!);
      source += param[2] ? '(?:/([^/]+))?' : '/([^/]+)';
      if (kind !== 'glob') kind = 'params';
      continue;
    }
    if (GLOB_MAGIC.test(part)) {
      if (EXTGLOB.test(part)) return { ok: false, reason: `extended glob "${part}"` };
      source += `/${globToRegex(part)}`;
      kind = 'glob';
      continue;
    }
    source += `/${escapeRegex(part)}`;
  }
  if (trailingSlash && !pattern.endsWith('**/')) source += '/';
  if (source === '') source = '/';
  const literalPrefix = kind === 'prefix' ? pattern.slice(0, -3) : kind === 'exact' ? pattern : undefined;
  return {
    ok: true,
    path: { kind, regex: `^${source}$`, caseInsensitive, literal: literalPrefix, params },
  };
}

/** `*.png` → `[^/]*\.png`, `{a,b}` → `(?:a|b)`, `[0-9]` kept. */
function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '{') out += '(?:';
    else if (ch === '}') out += ')';
    else if (ch === ',' && out.includes('(?:')) out += '|';
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 1);
      out += glob.slice(i, end + 1).replace(/^\[!/, '[^');
      i = end;
    } else out += escapeRegex(ch);
  }
  return out;
}
