/**
 * Catastrophic-backtracking heuristics for `match/unsafe-regex`, over the token tree of the
 * `ret` parser. Two shapes are reported, the ones behind most ReDoS advisories:
 * - nested quantifiers: a repeated group that itself contains an unbounded repetition, `(a+)+`, `(\w*)*`
 * - overlapping alternation under a quantifier: `(a|ab)*`, `(\d|\w)+`, where two branches can
 *   start with the same character, so a failing match retries every split
 * It is a heuristic: it can miss exotic cases and never runs the pattern.
 */
import ret, { type Root, type Set as RetSet, type SetTokens, type Token } from 'ret';

// ret is CommonJS whose `module.exports` is the tokenizer itself, with `types` attached to it.
const tokenize = ret as unknown as (source: string) => Root;
const { types } = ret as unknown as { types: typeof import('ret').types };

/** Why a pattern is unsafe, or `undefined` when none of the shapes is found. */
export function unsafeRegexReason(source: string): string | undefined {
  let root: Root;
  try {
    root = tokenize(source);
  } catch {
    return undefined; // not ours to report: the config loader rejects invalid patterns
  }
  return walk(root, 0);
}

// `depth`: how many unbounded repetitions enclose this token.
function walk(token: Token | Root, depth: number): string | undefined {
  if (token.type === types.REPETITION) {
    const unbounded = token.max === Number.POSITIVE_INFINITY || token.max > 10;
    if (unbounded && depth > 0)
      return 'a quantifier inside a repeated group (nested quantifiers, like (a+)+)';
    if (unbounded) {
      const overlap = overlappingAlternation(token.value);
      if (overlap) return overlap;
    }
    return walk(token.value, depth + (unbounded ? 1 : 0));
  }
  if (token.type === types.ROOT || token.type === types.GROUP) {
    for (const seq of sequences(token)) {
      for (const t of seq) {
        const found = walk(t, depth);
        if (found) return found;
      }
    }
  }
  return undefined;
}

function sequences(token: { stack?: Token[]; options?: Token[][] }): Token[][] {
  return token.options ?? (token.stack ? [token.stack] : []);
}

// A repeated group whose branches can begin with the same character.
function overlappingAlternation(token: Token): string | undefined {
  if (token.type !== types.GROUP || !token.options || token.options.length < 2) return undefined;
  const firsts = token.options.map((seq) => firstChars(seq));
  for (let i = 0; i < firsts.length; i++) {
    for (let j = i + 1; j < firsts.length; j++) {
      if (intersects(firsts[i]!, firsts[j]!))
        return 'alternatives that can match the same text, repeated (like (a|ab)*)';
    }
  }
  return undefined;
}

/** Character codes a sequence may start with; `undefined` for "any" (a negated set, `.`). */
type CharSet = Set<number> | undefined;

function firstChars(seq: readonly Token[]): CharSet {
  const out = new Set<number>();
  for (const token of seq) {
    const chars = tokenFirst(token);
    if (chars === undefined) return undefined;
    for (const c of chars.set) out.add(c);
    if (!chars.canBeEmpty) return out;
  }
  return out;
}

function tokenFirst(token: Token): { set: Set<number>; canBeEmpty: boolean } | undefined {
  switch (token.type) {
    case types.CHAR:
      return { set: new Set([token.value]), canBeEmpty: false };
    case types.SET:
      return setChars(token);
    case types.REPETITION: {
      const inner = tokenFirst(token.value);
      return inner && { set: inner.set, canBeEmpty: token.min === 0 || inner.canBeEmpty };
    }
    case types.GROUP: {
      if (token.followedBy || token.notFollowedBy || token.lookBehind)
        return { set: new Set(), canBeEmpty: true };
      const set = new Set<number>();
      let canBeEmpty = false;
      for (const seq of sequences(token)) {
        const f = firstChars(seq);
        if (f === undefined) return undefined;
        for (const c of f) set.add(c);
        if (seq.length === 0) canBeEmpty = true;
      }
      return { set, canBeEmpty };
    }
    case types.POSITION:
      return { set: new Set(), canBeEmpty: true };
    default:
      return undefined; // back-references: anything
  }
}

// Sets are expanded to code points, capped so `[^x]` or `\S` count as "any".
function setChars(token: RetSet): { set: Set<number>; canBeEmpty: boolean } | undefined {
  if (token.not) return undefined;
  const set = new Set<number>();
  if (!addSetTokens(token.set, set)) return undefined;
  return { set, canBeEmpty: false };
}

function addSetTokens(tokens: SetTokens, into: Set<number>): boolean {
  for (const t of tokens) {
    if (t.type === types.CHAR) into.add(t.value);
    else if (t.type === types.RANGE) {
      if (t.to - t.from > 512) return false;
      for (let c = t.from; c <= t.to; c++) into.add(c);
    } else if (t.not || !addSetTokens(t.set, into)) return false;
  }
  return true;
}

function intersects(a: CharSet, b: CharSet): boolean {
  if (a === undefined || b === undefined) return true;
  for (const c of a) if (b.has(c)) return true;
  return false;
}
