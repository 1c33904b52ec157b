/**
 * Enough of protobuf's text format to build the expected messages of the conformance corpus
 * (test/data/proto3-json-conformance.json states them in it, as protobuf's suite does): fields,
 * nested messages, repeated values, map entries, enums by name, C-escaped strings, `inf`/`nan`,
 * and `[type.url] { … }` inside an Any. The message is built through @bufbuild/protobuf's
 * reflection, not through its JSON parser, so the expectation does not depend on the code under test.
 */
import {
  create,
  type DescField,
  type DescMessage,
  type Message,
  type Registry,
  ScalarType,
  toBinary,
} from '@bufbuild/protobuf';
import { type ReflectMessage, reflect } from '@bufbuild/protobuf/reflect';

type Token = { kind: 'ident' | 'number' | 'string' | 'punct'; text: string; bytes?: number[] };

/** Parses `text` as a `desc` message. Throws on anything it does not understand. */
export function parseTextFormat(desc: DescMessage, text: string, registry: Registry): Message {
  const tokens = tokenize(text);
  let at = 0;
  const peek = () => tokens[at];
  const next = () => {
    const token = tokens[at++];
    if (!token) throw new Error('unexpected end of text');
    return token;
  };
  const accept = (punct: string) =>
    peek()?.kind === 'punct' && peek()!.text === punct ? (at++, true) : false;

  function messageBody(target: ReflectMessage, close: string | undefined): void {
    while (peek() && !(close && peek()!.kind === 'punct' && peek()!.text === close)) {
      if (accept('[')) {
        let url = '';
        while (!accept(']')) url += next().text;
        accept(':');
        const inner = registry.getMessage(url.slice(url.lastIndexOf('/') + 1));
        if (!inner) throw new Error(`unknown type ${url}`);
        const packed = reflect(inner);
        const end = accept('{') ? '}' : (accept('<'), '>');
        messageBody(packed, end);
        next();
        target.set(target.desc.fields.find((f) => f.name === 'type_url')!, url);
        target.set(target.desc.fields.find((f) => f.name === 'value')!, toBinary(inner, packed.message));
      } else {
        const name = next().text;
        const field = target.desc.fields.find((f) => f.name === name);
        if (!field) throw new Error(`no field ${name} in ${target.desc.typeName}`);
        accept(':');
        if (accept('[')) {
          while (!accept(']')) {
            fieldValue(target, field);
            accept(',');
          }
        } else fieldValue(target, field);
      }
      if (!accept(',')) accept(';');
    }
  }

  function subMessage(desc: DescMessage): ReflectMessage {
    const message = reflect(desc);
    const end = accept('{') ? '}' : accept('<') ? '>' : undefined;
    if (!end) throw new Error(`expected { for ${desc.typeName}`);
    messageBody(message, end);
    next();
    return message;
  }

  function fieldValue(target: ReflectMessage, field: DescField): void {
    switch (field.fieldKind) {
      case 'scalar':
        target.set(field, scalar(field.scalar, next()));
        return;
      case 'enum':
        target.set(field, enumValue(field, next()));
        return;
      case 'message':
        target.set(field, subMessage(field.message));
        return;
      case 'list': {
        const list = target.get(field);
        if (field.listKind === 'message') list.add(subMessage(field.message));
        else if (field.listKind === 'enum') list.add(enumValue(field, next()));
        else list.add(scalar(field.scalar, next()));
        return;
      }
      case 'map': {
        const map = target.get(field);
        const end = accept('{') ? '}' : (accept('<'), '>');
        let key: unknown = scalarZero(field.mapKey);
        let value: unknown;
        while (!accept(end)) {
          const name = next().text;
          accept(':');
          if (name === 'key') key = scalar(field.mapKey, next());
          else if (field.mapKind === 'message') value = subMessage(field.message);
          else if (field.mapKind === 'enum') value = enumValue(field, next());
          else value = scalar(field.scalar, next());
          if (!accept(',')) accept(';');
        }
        if (value === undefined)
          value =
            field.mapKind === 'message'
              ? reflect(field.message)
              : field.mapKind === 'enum'
                ? 0
                : scalarZero(field.scalar);
        map.set(key as never, value);
        return;
      }
    }
  }

  const root = reflect(desc, create(desc));
  messageBody(root, undefined);
  return root.message;
}

function enumValue(field: DescField, token: Token): number {
  if (token.kind === 'number') return Number(token.text);
  const values = (field as { enum: { values: { name: string; number: number }[] } }).enum.values;
  const found = values.find((v) => v.name === token.text);
  if (!found) throw new Error(`no enum value ${token.text}`);
  return found.number;
}

function scalarZero(type: ScalarType): unknown {
  if (type === ScalarType.STRING) return '';
  if (type === ScalarType.BOOL) return false;
  if (is64(type)) return 0n;
  return 0;
}

function is64(type: ScalarType): boolean {
  return [
    ScalarType.INT64,
    ScalarType.UINT64,
    ScalarType.SINT64,
    ScalarType.FIXED64,
    ScalarType.SFIXED64,
  ].includes(type);
}

function scalar(type: ScalarType, token: Token): unknown {
  switch (type) {
    case ScalarType.STRING:
      return new TextDecoder().decode(new Uint8Array(token.bytes ?? []));
    case ScalarType.BYTES:
      return new Uint8Array(token.bytes ?? []);
    case ScalarType.BOOL:
      return token.text === 'true' || token.text === 't' || token.text === '1';
    case ScalarType.FLOAT:
    case ScalarType.DOUBLE: {
      const t = token.text.toLowerCase().replace(/^(-?[0-9.].*)f$/, '$1');
      if (/^-?inf(inity)?$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
      if (/^-?nan$/.test(t)) return Number.NaN;
      return Number(t);
    }
    default:
      return is64(type) ? BigInt(token.text) : Number(token.text);
  }
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) i++;
    else if (c === '#') i = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
    else if (c === '"' || c === "'") {
      const bytes: number[] = [];
      // Adjacent literals concatenate.
      while (text[i] === '"' || text[i] === "'") {
        const quote = text[i]!;
        i++;
        while (text[i] !== quote) i = readChar(text, i, bytes);
        i++;
        while (/\s/.test(text[i] ?? '')) i++;
      }
      tokens.push({ kind: 'string', text: '', bytes });
    } else if (/[-0-9.]/.test(c)) {
      const m = /^-?(inf(inity)?|nan|0x[0-9a-fA-F]+|[0-9]*\.?[0-9]*(e[-+]?[0-9]+)?f?)/i.exec(text.slice(i))!;
      tokens.push({ kind: 'number', text: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][\w.]*/.exec(text.slice(i))!;
      tokens.push({ kind: 'ident', text: m[0] });
      i += m[0].length;
    } else {
      // `/` only occurs inside `[type.googleapis.com/…]`.
      tokens.push({ kind: 'punct', text: c });
      i++;
    }
  }
  return tokens;
}

/** One character of a C-escaped literal, as UTF-8 bytes; returns the next index. */
function readChar(text: string, i: number, out: number[]): number {
  if (text[i] !== '\\') {
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    out.push(...new TextEncoder().encode(ch));
    return i + ch.length;
  }
  const c = text[i + 1]!;
  if (/[0-7]/.test(c)) {
    const m = /^[0-7]{1,3}/.exec(text.slice(i + 1))![0];
    out.push(Number.parseInt(m, 8));
    return i + 1 + m.length;
  }
  if (c === 'x') {
    const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2))![0];
    out.push(Number.parseInt(m, 16));
    return i + 2 + m.length;
  }
  if (c === 'u' || c === 'U') {
    const n = c === 'u' ? 4 : 8;
    out.push(
      ...new TextEncoder().encode(String.fromCodePoint(Number.parseInt(text.slice(i + 2, i + 2 + n), 16))),
    );
    return i + 2 + n;
  }
  const simple: Record<string, number> = {
    n: 10,
    t: 9,
    r: 13,
    a: 7,
    b: 8,
    f: 12,
    v: 11,
    '\\': 92,
    "'": 39,
    '"': 34,
    '?': 63,
  };
  out.push(simple[c] ?? c.charCodeAt(0));
  return i + 2;
}
