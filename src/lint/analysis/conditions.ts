/**
 * Methods, hosts and header/query conditions as sets, for lint's coverage and overlap
 * questions. Like path-pattern.ts, every answer is "provably yes" or false.
 */
import type { ValueMatcher } from '../../config/resolved.js';
import { splitHostPort } from '../../pipeline/match/conditions.js';

type Methods = readonly string[] | undefined;
type Hosts = readonly (string | RegExp)[] | undefined;
type Conditions = Readonly<Record<string, ValueMatcher>>;

/** `a` accepts every method `b` does (`undefined`: any method). */
export function methodsCover(a: Methods, b: Methods): boolean {
  if (a === undefined) return true;
  if (b === undefined) return false;
  const accepted = withHead(a);
  return withHead(b).every((m) => accepted.includes(m));
}

/** Some method is accepted by both. */
export function methodsOverlap(a: Methods, b: Methods): boolean {
  if (a === undefined || b === undefined) return true;
  const accepted = withHead(b);
  return withHead(a).some((m) => accepted.includes(m));
}

// The matcher lets a GET route take HEAD too (HEAD is GET without a body).
function withHead(methods: readonly string[]): readonly string[] {
  return methods.includes('GET') && !methods.includes('HEAD') ? [...methods, 'HEAD'] : methods;
}

/** `a` accepts every host `b` does. */
export function hostsCover(a: Hosts, b: Hosts): boolean {
  if (a === undefined) return true;
  if (b === undefined) return false;
  return b.every((bh) => a.some((ah) => hostCovers(ah, bh)));
}

function hostCovers(a: string | RegExp, b: string | RegExp): boolean {
  // A port in `a` (`api.local:8080`) covers only the same port in `b`; a RegExp takes any port.
  if (typeof a === 'string') {
    const split = splitHostPort(a);
    if (split.port !== undefined && (typeof b !== 'string' || splitHostPort(b).port !== split.port))
      return false;
    a = split.name;
  }
  if (typeof b === 'string') b = splitHostPort(b).name;
  if (a instanceof RegExp) {
    if (b instanceof RegExp) return a.source === b.source && a.flags === b.flags;
    return !b.startsWith('*.') && testRegex(a, b);
  }
  if (b instanceof RegExp) return false;
  if (a === b) return true;
  // `*.example.com` takes one or more labels before the suffix, so it covers `api.example.com`
  // and `*.eu.example.com` alike.
  return a.startsWith('*.') && b.length > a.length - 1 && b.endsWith(a.slice(1));
}

/** Some host is provably accepted by both. */
export function hostsOverlap(a: Hosts, b: Hosts): boolean {
  if (a === undefined || b === undefined) return true;
  return a.some((ah) => b.some((bh) => hostCovers(ah, bh) || hostCovers(bh, ah) || wildcardsOverlap(ah, bh)));
}

function wildcardsOverlap(a: string | RegExp, b: string | RegExp): boolean {
  if (typeof a !== 'string' || typeof b !== 'string' || !a.startsWith('*.') || !b.startsWith('*.'))
    return false;
  const [x, y] = [splitHostPort(a), splitHostPort(b)];
  if (x.port !== undefined && y.port !== undefined && x.port !== y.port) return false;
  return x.name.endsWith(y.name.slice(1)) || y.name.endsWith(x.name.slice(1));
}

/**
 * Every request that meets `b`'s conditions meets `a`'s. A condition `a` has and `b` lacks
 * means `b` accepts requests `a` does not: an earlier route with extra conditions never covers.
 */
export function conditionsCover(a: Conditions, b: Conditions): boolean {
  return Object.entries(a).every(([name, cond]) => {
    const other = b[name];
    return other !== undefined && implies(other, cond);
  });
}

/** A request meeting `b` also meets `a`. */
function implies(b: ValueMatcher, a: ValueMatcher): boolean {
  // "The first occurrence is v" is not implied by "some occurrence is v".
  if (a.first && !b.first && (a.kind === 'exact' || a.kind === 'regex')) return false;
  switch (a.kind) {
    case 'present':
      return b.kind !== 'absent';
    case 'absent':
      return b.kind === 'absent';
    case 'exact':
      return b.kind === 'exact' && b.value === a.value;
    case 'regex':
      if (b.kind === 'exact') return testRegex(a.regex, b.value);
      return b.kind === 'regex' && b.regex.source === a.regex.source && b.regex.flags === a.regex.flags;
  }
}

/** Some request provably meets both sets of conditions. */
export function conditionsOverlap(a: Conditions, b: Conditions): boolean {
  for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[name];
    const y = b[name];
    if (x === undefined || y === undefined) continue;
    if (!compatible(x, y)) return false;
  }
  return true;
}

function compatible(x: ValueMatcher, y: ValueMatcher): boolean {
  if (x.kind === 'absent' || y.kind === 'absent') return x.kind === y.kind;
  if (x.kind === 'present' || y.kind === 'present') return true;
  if (x.kind === 'exact' && y.kind === 'exact') return x.value === y.value;
  if (x.kind === 'exact' && y.kind === 'regex') return testRegex(y.regex, x.value);
  if (x.kind === 'regex' && y.kind === 'exact') return testRegex(x.regex, y.value);
  // Two different RegExps: whether one value meets both is not decided here.
  return (
    x.kind === 'regex' &&
    y.kind === 'regex' &&
    x.regex.source === y.regex.source &&
    x.regex.flags === y.regex.flags
  );
}

// A global or sticky RegExp keeps state between `test` calls; test with a stateless copy.
function testRegex(regex: RegExp, value: string): boolean {
  return new RegExp(regex.source, regex.flags.replace(/[gy]/g, '')).test(value);
}
