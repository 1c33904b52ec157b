/**
 * A small, tolerant tokenizer for TypeScript/JavaScript config files. It knows just enough to
 * find object keys and array elements: strings, template literals (with `${}` nesting), comments
 * and regex literals are single tokens or skipped, so their contents never look like structure.
 * It never throws; on input it does not understand it produces punctuation and carries on.
 */

export interface Token {
  readonly kind: 'ident' | 'string' | 'number' | 'punct' | 'template' | 'regex';
  /** Identifier name, string contents (escapes decoded), or the punctuator. */
  readonly value: string;
  /** Offset of the first character in the source. */
  readonly start: number;
}

const IDENT = /[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*/uy;
const NUMBER = /(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?n?|0[xXoObB][\da-fA-F_]+n?/y;
/** After these, a `/` starts a regex literal rather than a division. */
const REGEX_AFTER_PUNCT = new Set('( , = : [ ! & | ? { } ; + - * % < > ~ ^ =>'.split(' '));
const REGEX_AFTER_WORD = new Set([
  'return',
  'typeof',
  'case',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'else',
  'do',
  'default',
  'yield',
  'await',
]);

/** Tokens of `source` (comments and whitespace dropped). */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  lex(source, 0, tokens, false);
  return tokens;
}

/**
 * Lexes from `start`; with `untilBrace`, stops after the `}` that closes a template's `${`.
 * Returns the offset where it stopped.
 */
function lex(source: string, start: number, tokens: Token[], untilBrace: boolean): number {
  let i = start;
  let depth = 0;
  while (i < source.length) {
    const ch = source[i]!;
    const next = source[i + 1];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      i = end === -1 ? source.length : end;
    } else if (ch === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? source.length : end + 2;
    } else if (ch === '"' || ch === "'") {
      const end = scanQuoted(source, i);
      tokens.push({ kind: 'string', value: decodeEscapes(source.slice(i + 1, end - 1)), start: i });
      i = end;
    } else if (ch === '`') {
      const end = scanTemplate(source, i);
      tokens.push({ kind: 'template', value: source.slice(i, end), start: i });
      i = end;
    } else if (ch === '/' && startsRegex(tokens.at(-1))) {
      const end = scanRegex(source, i);
      tokens.push({ kind: 'regex', value: source.slice(i, end), start: i });
      i = end;
    } else if (matchAt(IDENT, source, i)) {
      const end = IDENT.lastIndex;
      tokens.push({ kind: 'ident', value: source.slice(i, end), start: i });
      i = end;
    } else if (/[\d.]/.test(ch) && matchAt(NUMBER, source, i)) {
      tokens.push({ kind: 'number', value: source.slice(i, NUMBER.lastIndex), start: i });
      i = NUMBER.lastIndex;
    } else {
      const punct = source.startsWith('...', i) ? '...' : source.startsWith('=>', i) ? '=>' : ch;
      if (untilBrace && punct === '{') depth++;
      if (untilBrace && punct === '}' && depth-- === 0) return i + 1;
      tokens.push({ kind: 'punct', value: punct, start: i });
      i += punct.length;
    }
  }
  return i;
}

function matchAt(pattern: RegExp, source: string, at: number): boolean {
  pattern.lastIndex = at;
  return pattern.test(source);
}

function startsRegex(previous: Token | undefined): boolean {
  if (previous === undefined) return true;
  if (previous.kind === 'punct') return REGEX_AFTER_PUNCT.has(previous.value);
  return previous.kind === 'ident' && REGEX_AFTER_WORD.has(previous.value);
}

/** Offset just past the closing quote (or the end of the line, for an unterminated string). */
function scanQuoted(source: string, start: number): number {
  const quote = source[start];
  let i = start + 1;
  while (i < source.length) {
    const ch = source[i];
    if (ch === '\\') i += 2;
    else if (ch === quote) return i + 1;
    else if (ch === '\n') return i;
    else i++;
  }
  return source.length;
}

function scanTemplate(source: string, start: number): number {
  let i = start + 1;
  while (i < source.length) {
    const ch = source[i];
    if (ch === '\\') i += 2;
    else if (ch === '`') return i + 1;
    else if (ch === '$' && source[i + 1] === '{') i = lex(source, i + 2, [], true);
    else i++;
  }
  return source.length;
}

function scanRegex(source: string, start: number): number {
  let i = start + 1;
  let inClass = false;
  while (i < source.length) {
    const ch = source[i];
    if (ch === '\\') i += 2;
    else if (ch === '\n') return i;
    else if (ch === '[' || ch === ']') {
      inClass = ch === '[';
      i++;
    } else if (ch === '/' && !inClass) {
      i++;
      while (i < source.length && /[a-z]/i.test(source[i]!)) i++;
      return i;
    } else i++;
  }
  return source.length;
}

/** Decodes the common escapes; enough to compare property names. */
function decodeEscapes(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(u\{[\da-fA-F]+\}|u[\da-fA-F]{4}|x[\da-fA-F]{2}|.)/g, (_, sequence: string) => {
    if (sequence.startsWith('u{')) return String.fromCodePoint(Number.parseInt(sequence.slice(2, -1), 16));
    if (sequence[0] === 'u' || sequence[0] === 'x')
      return String.fromCharCode(Number.parseInt(sequence.slice(1), 16));
    return (
      ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' } as Record<string, string>)[
        sequence
      ] ?? sequence
    );
  });
}
