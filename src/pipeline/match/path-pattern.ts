/**
 * Path patterns: exact `/a/b`, parameters `/users/:id` and `:id?`, per-segment globs
 * (`/files/*.png`, `{a,b}`, `[0-9]`, via minimatch), `**` for any number of segments (captured
 * as the parameter `**`), or a RegExp whose named groups become parameters. Compiled once.
 */
import { Minimatch } from 'minimatch';
import { canonicalizeSegment } from '../normalize/path.js';
import { splitRequestPath } from './request-segments.js';

type Segment =
  /** `key`: what the request segment is compared with (lower-cased for case-insensitive routes). */
  | { readonly kind: 'literal'; readonly text: string; readonly key: string }
  | { readonly kind: 'param'; readonly name: string; readonly optional: boolean }
  | { readonly kind: 'glob'; readonly glob: Minimatch }
  | { readonly kind: 'globstar' };

export interface PathPattern {
  /** The pattern as written (RegExps as `/source/flags`). */
  readonly source: string;
  readonly params: readonly string[];
  /** Leading literal segments, canonical spelling (what the index keys on, lower-cased). */
  readonly staticPrefix: readonly string[];
  /** The captured parameters when `path` (normalized) matches, else `undefined`. */
  match(path: string): Record<string, string> | undefined;
}

export type PathPatternResult =
  | { readonly ok: true; readonly pattern: PathPattern }
  | { readonly ok: false; readonly message: string };

const PARAM = /^:([A-Za-z_][A-Za-z0-9_]*)(\?)?$/;
const GLOB_MAGIC = /[*?[\]{}]|[!+@]\(/;

/** Compiles a route's `match.path`. */
export function compilePathPattern(
  pattern: string | RegExp,
  caseInsensitive: boolean,
  /** Tests only: force the segment engine so it can be compared with the RegExp translation. */
  options: { readonly engine?: 'segments' } = {},
): PathPatternResult {
  if (pattern instanceof RegExp) return { ok: true, pattern: compileRegexPattern(pattern, caseInsensitive) };
  if (pattern[0] !== '/') return { ok: false, message: `"${pattern}" must start with "/"` };
  const parts = pattern === '/' ? [] : pattern.slice(1).split('/');
  const hasTrailingSlash = parts.length > 0 && parts[parts.length - 1] === '';
  if (hasTrailingSlash) parts.pop();
  const segments: Segment[] = [];
  const params: string[] = [];
  for (const [i, part] of parts.entries()) {
    const segment = compileSegment(part, i + 1, caseInsensitive);
    if (typeof segment === 'string') return { ok: false, message: `"${pattern}": ${segment}` };
    if (segment.kind === 'param' || segment.kind === 'globstar') {
      const name = segment.kind === 'param' ? segment.name : '**';
      if (params.includes(name)) return { ok: false, message: `"${pattern}": "${name}" appears twice` };
      params.push(name);
    }
    segments.push(segment);
  }
  const firstDynamic = segments.findIndex((s) => s.kind !== 'literal');
  const literals = (firstDynamic === -1 ? segments : segments.slice(0, firstDynamic)) as { text: string }[];
  const staticPrefix = literals.map((s) => s.text);
  if (firstDynamic === -1) {
    const canonical = '/' + staticPrefix.join('/') + (hasTrailingSlash ? '/' : '');
    return { ok: true, pattern: exactPattern(pattern, canonical, caseInsensitive, staticPrefix) };
  }
  const hasGlob = segments.some((s) => s.kind === 'glob');
  const match =
    hasGlob || options.engine === 'segments'
      ? segmentMatcher(segments, hasTrailingSlash, caseInsensitive)
      : regexMatcher(segments, hasTrailingSlash, caseInsensitive);
  return { ok: true, pattern: { source: pattern, params, staticPrefix, match } };
}

/** One segment of a string pattern, or why it is not valid. */
function compileSegment(part: string, position: number, caseInsensitive: boolean): Segment | string {
  if (part === '')
    return 'empty segment ("//") — requests have repeated slashes merged, so it could never match';
  if (part === '**') return { kind: 'globstar' };
  if (part[0] === ':') {
    const param = PARAM.exec(part);
    if (!param) return `"${part}": a parameter is a whole segment, ":name" or ":name?" (letters, digits, _)`;
    return { kind: 'param', name: param[1]!, optional: param[2] === '?' };
  }
  if (GLOB_MAGIC.test(part)) {
    if (countOf(part, '{') !== countOf(part, '}'))
      return `"${part}": unbalanced braces (alternatives cannot contain "/"; use a RegExp)`;
    // `dot: true`: URL segments have no hidden files, so `*` also matches `.well-known`.
    return {
      kind: 'glob',
      glob: new Minimatch(part, { dot: true, nocase: caseInsensitive, nonegate: true, nocomment: true }),
    };
  }
  const canonical = canonicalizeSegment(part, 0, part.length, position);
  if (!canonical.ok) return canonical.reason;
  if (canonical.text === '.' || canonical.text === '..') {
    return `dot segment "${part}" — requests have dot segments removed, so it could never match`;
  }
  return {
    kind: 'literal',
    text: canonical.text,
    key: caseInsensitive ? canonical.text.toLowerCase() : canonical.text,
  };
}

type Matcher = (path: string) => Record<string, string> | undefined;

/**
 * Patterns without globs become one RegExp (V8 runs it faster than any segment loop):
 * `/users/:id?/**` → `^\/users(?:\/([^/]+))?(?:\/(.*))?$`.
 */
function regexMatcher(
  segments: readonly Segment[],
  hasTrailingSlash: boolean,
  caseInsensitive: boolean,
): Matcher {
  let source = '^';
  const names: string[] = [];
  segments.forEach((segment, i) => {
    if (segment.kind === 'literal') source += '\\/' + segment.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (segment.kind === 'param') {
      source += segment.optional ? '(?:\\/([^/]+))?' : '\\/([^/]+)';
      names.push(segment.name);
    } else if (segment.kind === 'globstar') {
      // Last: the rest, trailing slash included. In the middle: one or more whole segments.
      source += i === segments.length - 1 ? '(?:\\/(.*))?' : '(?:\\/([^/]+(?:\\/[^/]+)*))?';
      names.push('**');
    }
  });
  const endsWithGlobstar = segments[segments.length - 1]?.kind === 'globstar';
  source += (hasTrailingSlash && !endsWithGlobstar ? '\\/' : '') + '$';
  const regex = new RegExp(source, caseInsensitive ? 'i' : '');
  return (path) => {
    // The root is zero segments, so that `/:id?` and `/**` match `/` as the segment engine does.
    const found = regex.exec(path === '/' ? '' : path);
    if (found === null) return undefined;
    const captured: Record<string, string> = {};
    for (let i = 0; i < names.length; i++) {
      const value = found[i + 1];
      if (value !== undefined) captured[names[i]!] = value;
      else if (names[i] === '**') captured['**'] = '';
    }
    return captured;
  };
}

/** Patterns with glob segments: match segment by segment (minimatch for the globs). */
function segmentMatcher(
  segments: readonly Segment[],
  hasTrailingSlash: boolean,
  caseInsensitive: boolean,
): Matcher {
  return (path) => {
    const request = splitRequestPath(path);
    const state: MatchState = {
      pattern: segments,
      values: caseInsensitive ? request.lower : request.segments,
      originals: request.segments,
      requestTrailing: request.hasTrailingSlash,
      patternTrailing: hasTrailingSlash,
      captured: {},
    };
    return matchFrom(state, 0, 0) ? state.captured : undefined;
  };
}

interface MatchState {
  readonly pattern: readonly Segment[];
  /** Compared with literals (lower-cased for case-insensitive routes). */
  readonly values: readonly string[];
  /** Captured, and given to globs (minimatch handles `nocase` itself). */
  readonly originals: readonly string[];
  readonly requestTrailing: boolean;
  readonly patternTrailing: boolean;
  readonly captured: Record<string, string>;
}

/** Backtracking over pattern segment `p` and request segment `s`; optional params and `**` consume first. */
function matchFrom(state: MatchState, p: number, s: number): boolean {
  const { pattern, values, originals, captured } = state;
  if (p === pattern.length) return s === values.length && state.requestTrailing === state.patternTrailing;
  const segment = pattern[p]!;
  switch (segment.kind) {
    case 'literal':
      return s < values.length && values[s] === segment.key && matchFrom(state, p + 1, s + 1);
    case 'glob':
      return s < values.length && segment.glob.match(originals[s]!) && matchFrom(state, p + 1, s + 1);
    case 'param':
      if (s < values.length) {
        captured[segment.name] = originals[s]!;
        if (matchFrom(state, p + 1, s + 1)) return true;
        delete captured[segment.name];
      }
      return segment.optional && matchFrom(state, p + 1, s);
    case 'globstar':
      if (p === pattern.length - 1) {
        // A trailing `**` takes the rest, trailing slash included: `/files/a/b/` → `a/b/`.
        const rest = originals.slice(s).join('/');
        captured['**'] = rest !== '' && state.requestTrailing ? rest + '/' : rest;
        return true;
      }
      for (let n = values.length - s; n >= 0; n--) {
        captured['**'] = originals.slice(s, s + n).join('/');
        if (matchFrom(state, p + 1, s + n)) return true;
      }
      delete captured['**'];
      return false;
  }
}

function exactPattern(
  source: string,
  canonical: string,
  caseInsensitive: boolean,
  staticPrefix: readonly string[],
): PathPattern {
  const lower = canonical.toLowerCase();
  const match = caseInsensitive
    ? (path: string) => (path.length === lower.length && path.toLowerCase() === lower ? {} : undefined)
    : (path: string) => (path === canonical ? {} : undefined);
  return { source, params: [], staticPrefix, match };
}

function compileRegexPattern(regex: RegExp, caseInsensitive: boolean): PathPattern {
  // `g`/`y` would make `exec` stateful between requests.
  let flags = regex.flags.replace(/[gy]/g, '');
  if (caseInsensitive && !flags.includes('i')) flags += 'i';
  const compiled = new RegExp(regex.source, flags);
  const params = [...regex.source.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)].map((m) => m[1]!);
  const match = (path: string): Record<string, string> | undefined => {
    const found = compiled.exec(path);
    if (!found) return undefined;
    const captured: Record<string, string> = {};
    for (const [name, value] of Object.entries(found.groups ?? {}))
      if (value !== undefined) captured[name] = value;
    return captured;
  };
  return { source: String(regex), params, staticPrefix: [], match };
}

function countOf(text: string, ch: string): number {
  return text.split(ch).length - 1;
}
