/**
 * Path patterns as sets of paths, for lint's coverage questions ("does every path `b`
 * accepts also match `a`?"). Conservative by design: `pathCovers` answers true only when
 * it can prove it, so a rule built on it never reports a near-miss.
 */
import { minimatch } from 'minimatch';

/** One segment of a string pattern. */
export type Segment =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'param'; readonly optional: boolean }
  | { readonly kind: 'glob'; readonly glob: string }
  /** `**`: zero or more segments. */
  | { readonly kind: 'any' };

/** A route's path condition, as the analysis sees it: a pattern, or a byte prefix (`match.prefix`). */
export interface PathSet {
  readonly pattern: string | RegExp | { readonly prefix: string };
  readonly caseInsensitive: boolean;
}

const GLOB_CHARS = /[*?[\]{}()!+@]/;

/** Splits a string pattern into segments (a trailing slash is not a segment; see `trailingSlashes`). */
export function parsePattern(pattern: string): Segment[] {
  return pattern
    .split('/')
    .filter((s) => s !== '')
    .map((s): Segment => {
      if (s === '**') return { kind: 'any' };
      const param = /^:[A-Za-z_][\w]*(\?)?$/.exec(s);
      if (param) return { kind: 'param', optional: param[1] === '?' };
      if (GLOB_CHARS.test(s)) return { kind: 'glob', glob: s };
      return { kind: 'literal', text: s };
    });
}

/**
 * Which trailing-slash spellings a pattern accepts: the matcher tells `/a` from `/a/`, except
 * that a final `**` takes both.
 */
function trailingSlashes(pattern: string, segments: readonly Segment[]): readonly boolean[] {
  if (segments.at(-1)?.kind === 'any') return [true, false];
  return [pattern.length > 1 && pattern.endsWith('/')];
}

/** Every concrete shape of a pattern: each optional parameter present or absent. */
export function expandOptional(segments: readonly Segment[]): Segment[][] {
  let shapes: Segment[][] = [[]];
  for (const seg of segments) {
    if (seg.kind === 'param' && seg.optional) {
      shapes = shapes.flatMap((s) => [s, [...s, { kind: 'param', optional: false }]]);
    } else shapes = shapes.map((s) => [...s, seg]);
  }
  return shapes;
}

/** Whether every path `b` accepts is accepted by `a`. False when it cannot be proven. */
export function pathCovers(a: PathSet, b: PathSet): boolean {
  if (isPrefix(a.pattern) || isPrefix(b.pattern)) return prefixCovers(a, b);
  if (a.pattern instanceof RegExp || b.pattern instanceof RegExp) return regexCovers(a, b);
  const aSegments = parsePattern(a.pattern);
  const bSegments = parsePattern(b.pattern);
  const aTrailing = trailingSlashes(a.pattern, aSegments);
  if (!trailingSlashes(b.pattern, bSegments).every((t) => aTrailing.includes(t))) return false;
  const aShapes = expandOptional(aSegments);
  const bShapes = expandOptional(bSegments);
  return bShapes.every((bs) => aShapes.some((as) => sequenceCovers(as, 0, bs, 0, a, b)));
}

function sequenceCovers(
  a: readonly Segment[],
  i: number,
  b: readonly Segment[],
  j: number,
  aSet: PathSet,
  bSet: PathSet,
): boolean {
  if (i === a.length) return j === b.length;
  const seg = a[i]!;
  if (seg.kind === 'any') {
    // `**` takes none of b's segments, or one more (b's own `**` included) and stays.
    return (
      sequenceCovers(a, i + 1, b, j, aSet, bSet) ||
      (j < b.length && sequenceCovers(a, i, b, j + 1, aSet, bSet))
    );
  }
  if (j === b.length) return false;
  return segmentCovers(seg, b[j]!, aSet, bSet) && sequenceCovers(a, i + 1, b, j + 1, aSet, bSet);
}

function segmentCovers(a: Segment, b: Segment, aSet: PathSet, bSet: PathSet): boolean {
  // Only `**` stands for any depth, so only `**` covers it.
  if (b.kind === 'any') return false;
  switch (a.kind) {
    case 'literal':
      return b.kind === 'literal' && literalCovers(a.text, b.text, aSet, bSet);
    case 'param':
      // A parameter takes any one non-empty segment; a glob that may match empty is not proven.
      return b.kind === 'literal' || b.kind === 'param' || (b.kind === 'glob' && globNeverEmpty(b.glob));
    case 'glob':
      if (b.kind === 'literal') {
        if (bSet.caseInsensitive && !aSet.caseInsensitive && /[a-z]/i.test(b.text)) return false;
        return minimatch(b.text, a.glob, { nocase: aSet.caseInsensitive, dot: true });
      }
      if (b.kind === 'param') return a.glob === '*';
      return b.kind === 'glob' && (a.glob === b.glob || a.glob === '*');
    default:
      return false;
  }
}

// `*.png` or `v?` always take at least one character; braces and extglobs may take none.
function globNeverEmpty(glob: string): boolean {
  return glob.replace(/\*/g, '') !== '' && !/[{(]/.test(glob);
}

function literalCovers(a: string, b: string, aSet: PathSet, bSet: PathSet): boolean {
  if (aSet.caseInsensitive) return a.toLowerCase() === b.toLowerCase();
  // A case-insensitive `b` also accepts other spellings that a case-sensitive `a` does not.
  if (bSet.caseInsensitive && /[a-z]/i.test(b)) return false;
  return a === b;
}

/**
 * A RegExp covers only what it provably accepts: identical patterns, or a `b` that is a
 * finite set of literal paths the RegExp matches. A RegExp `b` is covered only by `/**`.
 */
function regexCovers(a: PathSet, b: PathSet): boolean {
  if (a.pattern instanceof RegExp && b.pattern instanceof RegExp) {
    const sameCase = a.caseInsensitive || !b.caseInsensitive;
    return sameCase && a.pattern.source === b.pattern.source && a.pattern.flags === b.pattern.flags;
  }
  if (b.pattern instanceof RegExp) {
    const segments = parsePattern(a.pattern as string);
    return segments.length > 0 && segments.every((s) => s.kind === 'any');
  }
  const regex = a.pattern as RegExp;
  let flags = regex.flags.replace(/[gy]/g, '');
  if (a.caseInsensitive && !flags.includes('i')) flags += 'i';
  const compiled = new RegExp(regex.source, flags);
  const pattern = b.pattern as string;
  const segments = parsePattern(pattern);
  const trailing = trailingSlashes(pattern, segments)[0] ? '/' : '';
  return expandOptional(segments).every((shape) => {
    if (!shape.every((s) => s.kind === 'literal')) return false;
    const path = `/${shape.map((s) => (s as { text: string }).text).join('/')}${shape.length > 0 ? trailing : ''}`;
    if (b.caseInsensitive && !flags.includes('i') && /[a-z]/i.test(path)) return false;
    return compiled.test(path);
  });
}

function isPrefix(pattern: PathSet['pattern']): pattern is { readonly prefix: string } {
  return typeof pattern === 'object' && !(pattern instanceof RegExp);
}

/**
 * Byte prefixes: `/api` covers the prefix `/api/v2` and the pattern `/api/v2/:id` (every path
 * either accepts starts with `/api`); a pattern covers a prefix only when it ends in `**` after
 * literals the prefix passes whole (`/api/**` covers the prefix `/api/v`, not `/api`, which
 * also takes `/apis`). A RegExp on either side is not proven.
 */
function prefixCovers(a: PathSet, b: PathSet): boolean {
  const sameCase = a.caseInsensitive || !b.caseInsensitive;
  const fold = (text: string) => (a.caseInsensitive ? text.toLowerCase() : text);
  if (a.pattern instanceof RegExp || b.pattern instanceof RegExp) return false;
  if (isPrefix(a.pattern)) {
    const prefix = fold(a.pattern.prefix);
    if (isPrefix(b.pattern)) return sameCase && fold(b.pattern.prefix).startsWith(prefix);
    // Every path the pattern accepts begins with its leading literals (`**` may be empty).
    const segments = parsePattern(b.pattern);
    const literals: string[] = [];
    for (const segment of segments) {
      if (segment.kind !== 'literal') break;
      literals.push(segment.text);
    }
    if (b.caseInsensitive && !a.caseInsensitive && literals.some((text) => /[a-z]/i.test(text))) return false;
    return fold(`/${literals.join('/')}`).startsWith(prefix);
  }
  if (!isPrefix(b.pattern)) return false;
  const segments = parsePattern(a.pattern);
  const last = segments.at(-1);
  if (last?.kind !== 'any' || !segments.slice(0, -1).every((s) => s.kind === 'literal')) return false;
  const base = segments
    .slice(0, -1)
    .map((s) => `/${(s as { text: string }).text}`)
    .join('');
  return sameCase && fold(b.pattern.prefix).startsWith(fold(`${base}/`));
}
