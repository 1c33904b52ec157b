/**
 * Turns zod's validation issues into `ConfigIssue`s that say what was expected and what was
 * found, e.g. `routes[0].match.path: expected a path starting with "/", found "users"`.
 * A failed union becomes one message (the member the value was meant for), not one per member.
 */
import type { z } from 'zod';
import { type ConfigIssue, formatKeyPath } from './issues.js';
import { allowedKeysAt } from './schema-keys.js';
import { showValue } from './show-value.js';
import { didYouMean } from './suggest.js';

type ZodIssue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** Every zod issue as a ConfigIssue; `input` is what was validated, `schema` what validated it. */
export function issuesFromZod(
  issues: readonly ZodIssue[],
  input: unknown,
  schema: z.core.$ZodType,
): ConfigIssue[] {
  return issues.flatMap((issue) => describe(issue, [], { input, schema }));
}

interface Context {
  readonly input: unknown;
  readonly schema: z.core.$ZodType;
}

function describe(issue: ZodIssue, base: Path, context: Context): ConfigIssue[] {
  const path = [...base, ...issue.path];
  const value = valueAt(context.input, path);
  const at = (message: string, where: Path = path): ConfigIssue => ({ path: formatKeyPath(where), message });
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeysAt(context.schema, path, value);
      return issue.keys.map((key) => {
        const hint = didYouMean(key, allowed) || ` (allowed: ${allowed.join(', ')})`;
        return at(`unknown key ${JSON.stringify(key)}${hint}`, [...path, key]);
      });
    }
    case 'invalid_union':
      return describeUnion(issue, path, value, context);
    case 'invalid_key':
      return [
        at(`invalid name ${showValue(issue.path.at(-1))}: ${issue.issues[0]?.message ?? issue.message}`),
      ];
    case 'invalid_element':
    case 'custom':
      return [at(issue.message)];
    default: {
      const options =
        issue.code === 'invalid_value' && typeof value === 'string' ? issue.values.map(String) : [];
      const hint = options.length > 0 ? didYouMean(value as string, options) : '';
      return [
        at(`${value === undefined ? 'missing — ' : ''}expected ${expectation(issue)}${found(value)}${hint}`),
      ];
    }
  }
}

function found(value: unknown): string {
  return value === undefined ? '' : `, found ${showValue(value)}`;
}

/** One message for a union: the members the value could not even be are left out. */
function describeUnion(
  issue: Extract<ZodIssue, { code: 'invalid_union' }>,
  path: Path,
  value: unknown,
  context: Context,
): ConfigIssue[] {
  const at = (message: string): ConfigIssue[] => [{ path: formatKeyPath(path), message }];
  if (issue.discriminator !== undefined || issue.errors.length === 0) {
    // Discriminated union with an unknown tag (the path points at the tag itself).
    const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
    const hint = typeof value === 'string' ? didYouMean(value, options) : '';
    const list = options.map((option) => JSON.stringify(option)).join(', ');
    return at(`${value === undefined ? 'missing — ' : ''}expected one of ${list}${found(value)}${hint}`);
  }
  const fitting = issue.errors.filter((branch) => !isTypeMismatch(branch, value));
  if (fitting.length === 0) {
    const expected = unique(issue.errors.map((branch) => expectation(branch[0]!)));
    return at(`${value === undefined ? 'missing — ' : ''}expected ${joinOr(expected)}${found(value)}`);
  }
  // Several members fit the value's type: the one with the fewest problems is the likely intent.
  const best = fitting.reduce((a, b) => (b.length < a.length ? b : a));
  return best.flatMap((branchIssue) => describe(branchIssue, path, context));
}

/** A member that failed only because the value is of another kind (a number for a string member). */
function isTypeMismatch(branch: readonly ZodIssue[], value: unknown): boolean {
  if (branch.length !== 1) return false;
  const issue = branch[0]!;
  if (issue.path.length > 0) return false;
  if (issue.code === 'invalid_type') return true;
  if (issue.code === 'invalid_value') return issue.values.every((option) => kindOf(option) !== kindOf(value));
  if (issue.code === 'invalid_union') return issue.errors.every((inner) => isTypeMismatch(inner, value));
  return false;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** What a failed check wanted, as a noun phrase: `a string`, `one of "a", "b"`, `a number >= 1`. */
function expectation(issue: ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return typeNoun(issue.expected);
    case 'invalid_value':
      return issue.values.length === 1
        ? JSON.stringify(issue.values[0])
        : `one of ${issue.values.map((option) => JSON.stringify(option)).join(', ')}`;
    case 'too_small':
      return boundPhrase(issue.origin, '>', 'at least', issue.minimum, issue.inclusive);
    case 'too_big':
      return boundPhrase(issue.origin, '<', 'at most', issue.maximum, issue.inclusive);
    case 'invalid_format':
      return formatPhrase(issue);
    case 'not_multiple_of':
      return `a multiple of ${issue.divisor}`;
    case 'invalid_union':
      return joinOr(
        unique(issue.errors.map((branch) => (branch[0] ? expectation(branch[0]) : 'another value'))),
      );
    default:
      return issue.message;
  }
}

function typeNoun(expected: string): string {
  const nouns: Record<string, string> = {
    int: 'an integer',
    object: 'an object',
    array: 'an array',
    boolean: 'true or false',
    undefined: 'nothing',
    null: 'null',
  };
  return nouns[expected] ?? `a ${expected}`;
}

function boundPhrase(
  origin: string,
  op: '>' | '<',
  words: string,
  bound: number | bigint,
  inclusive?: boolean,
): string {
  if (origin === 'array') return `${words} ${bound} item${Number(bound) === 1 ? '' : 's'}`;
  if (origin === 'string') {
    return Number(bound) === 1 && op === '>'
      ? 'a non-empty string'
      : `a string of ${words} ${bound} characters`;
  }
  return `a number ${op}${inclusive === false ? '' : '='} ${bound}`;
}

function formatPhrase(issue: Extract<ZodIssue, { code: 'invalid_format' }>): string {
  const details = issue as { prefix?: string; suffix?: string; includes?: string; pattern?: string };
  switch (issue.format) {
    case 'starts_with':
      return details.prefix === '/'
        ? 'a path starting with "/"'
        : `a string starting with ${JSON.stringify(details.prefix)}`;
    case 'ends_with':
      return `a string ending with ${JSON.stringify(details.suffix)}`;
    case 'includes':
      return `a string containing ${JSON.stringify(details.includes)}`;
    case 'regex':
      // Our schema gives its regexes a readable message ("a duration such as …"); zod's own starts "Invalid".
      return issue.message.startsWith('Invalid') ? `a string matching ${details.pattern}` : issue.message;
    case 'url':
      return 'a URL such as "http://127.0.0.1:4001"';
    default:
      return `a valid ${issue.format}`;
  }
}

function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? 'another value';
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

/** The value at a key path, or `undefined` where the path leaves the data. */
export function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
