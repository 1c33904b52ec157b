/**
 * Finds a key path in a TypeScript/JavaScript config's source: the object literal passed to
 * `defineConfig(...)` or exported as default (directly, through a `const`, or returned by a
 * function), then `key:` properties and array elements by index. Best effort: anything it does
 * not follow (computed keys, spreads before the element, values built by calls) → `undefined`.
 */
import { type Token, tokenize } from './script-tokens.js';

/** Offset of the key (or array element) at `path`, or `undefined`. */
export function locateInScript(source: string, path: readonly (string | number)[]): number | undefined {
  const tokens = tokenize(source);
  let node = findRoot(tokens);
  let found: number | undefined;
  for (const segment of path) {
    if (node === undefined) return undefined;
    const hit =
      tokens[node]?.value === '{' ? findProperty(tokens, node, segment) : findElement(tokens, node, segment);
    if (hit === undefined) return undefined;
    found = tokens[hit.at]!.start;
    node = hit.value === undefined ? undefined : resolveExpression(tokens, hit.value, 0);
  }
  return found;
}

/** Index of the root `{`. */
function findRoot(tokens: readonly Token[]): number | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'ident' && t.value === 'defineConfig' && tokens[i + 1]?.value === '(')
      return resolveExpression(tokens, i + 2, 0);
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.value === 'export' && tokens[i + 1]?.value === 'default')
      return resolveExpression(tokens, i + 2, 0);
    if (
      t.value === 'module' &&
      tokens[i + 1]?.value === '.' &&
      tokens[i + 2]?.value === 'exports' &&
      tokens[i + 3]?.value === '='
    ) {
      return resolveExpression(tokens, i + 4, 0);
    }
  }
  return undefined;
}

/**
 * Follows an expression to the object or array literal it stands for: parentheses,
 * `defineConfig(…)`, arrow functions and functions (through `return`), and identifiers declared
 * with `const`/`let`/`var` in the file. `hops` stops cycles.
 */
function resolveExpression(tokens: readonly Token[], i: number, hops: number): number | undefined {
  const t = tokens[i];
  if (t === undefined || hops > 20) return undefined;
  if (t.value === '{' || t.value === '[') return i;
  if (t.value === 'async') return resolveExpression(tokens, i + 1, hops + 1);
  if (t.value === 'function') {
    const body = skipTo(tokens, i, '{');
    return body === undefined ? undefined : returned(tokens, body, hops);
  }
  if (t.value === '(') {
    const close = closing(tokens, i);
    if (tokens[close + 1]?.value === '=>') return arrowBody(tokens, close + 2, hops);
    return resolveExpression(tokens, i + 1, hops + 1);
  }
  if (t.kind !== 'ident') return undefined;
  if (tokens[i + 1]?.value === '=>') return arrowBody(tokens, i + 2, hops);
  if (tokens[i + 1]?.value === '(') return resolveExpression(tokens, i + 2, hops + 1);
  // An identifier: its declaration `const name = …` (with an optional type annotation).
  for (let j = 0; j < tokens.length - 1; j++) {
    if (!['const', 'let', 'var'].includes(tokens[j]!.value) || tokens[j + 1]!.value !== t.value) continue;
    const equals = skipTo(tokens, j + 2, '=');
    if (equals !== undefined) return resolveExpression(tokens, equals + 1, hops + 1);
  }
  return undefined;
}

function arrowBody(tokens: readonly Token[], i: number, hops: number): number | undefined {
  // `=> {` opens a block; `=> ({` returns an object.
  return tokens[i]?.value === '{' ? returned(tokens, i, hops) : resolveExpression(tokens, i, hops + 1);
}

/** The value of the first `return` directly inside the block opened at `open`. */
function returned(tokens: readonly Token[], open: number, hops: number): number | undefined {
  const end = closing(tokens, open);
  for (let i = open + 1, depth = 0; i < end; i++) {
    const v = tokens[i]!.value;
    if (v === '{' || v === '(' || v === '[') depth++;
    else if (v === '}' || v === ')' || v === ']') depth--;
    else if (depth === 0 && v === 'return' && tokens[i]!.kind === 'ident')
      return resolveExpression(tokens, i + 1, hops + 1);
  }
  return undefined;
}

/** The property named `key` in the object at `open` (the last one, as in JavaScript). */
function findProperty(
  tokens: readonly Token[],
  open: number,
  key: string | number,
): { at: number; value?: number } | undefined {
  let hit: { at: number; value?: number } | undefined;
  for (const start of entries(tokens, open)) {
    const t = tokens[start]!;
    const isName = t.kind === 'ident' || t.kind === 'string' || t.kind === 'number';
    if (!isName || t.value !== String(key)) continue;
    hit = tokens[start + 1]?.value === ':' ? { at: start, value: start + 2 } : { at: start };
  }
  return hit;
}

function findElement(
  tokens: readonly Token[],
  open: number,
  index: string | number,
): { at: number; value: number } | undefined {
  if (typeof index !== 'number') return undefined;
  let n = 0;
  for (const start of entries(tokens, open)) {
    // A spread before the element makes its position unknowable from the source.
    if (tokens[start]!.value === '...') return undefined;
    if (n++ === index) return tokens[start]!.value === ',' ? undefined : { at: start, value: start };
  }
  return undefined;
}

/** Start indexes of the comma-separated entries of the object or array opened at `open`. */
function* entries(tokens: readonly Token[], open: number): Generator<number> {
  const end = closing(tokens, open);
  let start = open + 1;
  let depth = 0;
  for (let i = open + 1; i < end; i++) {
    const v = tokens[i]!.value;
    if (tokens[i]!.kind !== 'punct') continue;
    if (v === '{' || v === '(' || v === '[') depth++;
    else if (v === '}' || v === ')' || v === ']') depth--;
    else if (v === ',' && depth === 0) {
      yield start;
      start = i + 1;
    }
  }
  if (start < end) yield start;
}

/** Index of the bracket closing the one at `open` (or the last token when unbalanced). */
function closing(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'punct') continue;
    if (t.value === '{' || t.value === '(' || t.value === '[') depth++;
    else if ((t.value === '}' || t.value === ')' || t.value === ']') && --depth === 0) return i;
  }
  return tokens.length;
}

/** The next `wanted` punctuator at the same bracket depth, before a `;`. */
function skipTo(tokens: readonly Token[], from: number, wanted: string): number | undefined {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'punct') continue;
    if (depth === 0 && t.value === wanted) return i;
    if (t.value === '{' || t.value === '(' || t.value === '[') depth++;
    else if (t.value === '}' || t.value === ')' || t.value === ']') depth--;
    else if (t.value === ';' && depth === 0) return undefined;
    if (depth < 0) return undefined;
  }
  return undefined;
}
