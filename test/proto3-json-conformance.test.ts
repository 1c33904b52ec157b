import { readFileSync } from 'node:fs';
import { equals, fromBinary, fromJson, type Message, toJson } from '@bufbuild/protobuf';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readJsonBody } from '../src/pipeline/transform/body.js';
import { buildMessage } from '../src/pipeline/transform/grpc/build-message.js';
import { loadProtos } from '../src/pipeline/transform/grpc/load.js';
import { parseTextFormat } from './proto-text-format.js';
import { request } from './transform-support.js';

// The JSON cases of protobuf's conformance suite (proto3 run), as data, against the gateway's own
// path: the request body goes through buildMessage (the check that names bad fields, then
// @bufbuild/protobuf's fromJson) and answers are printed with toJson as decodeResponse does, with
// default values left out (emitDefaults: false, what the suite expects).

interface Case {
  name: string;
  level: 'REQUIRED' | 'RECOMMENDED';
  kind:
    | 'valid'
    | 'parseFailure'
    | 'ignoreUnknown'
    | 'validOrParseFailure'
    | 'serializeFailure'
    | 'output'
    | 'binary';
  json?: string;
  expected?: string;
  protobuf?: string;
  has?: string[];
  lacks?: string[];
  equals?: Record<string, unknown>;
  equalsWhole?: unknown;
}

const corpus = JSON.parse(
  readFileSync(new URL('./data/proto3-json-conformance.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

/**
 * Cases the gateway does not pass, each with the reason. The test fails if one of them starts to
 * pass (then take it off the list) or if any other case fails.
 */
const UNSUPPORTED: Record<string, string> = {};

const loaded = await loadProtos(
  [new URL('./data/protos/test_messages_proto3.proto', import.meta.url).pathname],
  [],
);
if (!loaded.ok) throw new Error(loaded.message);
const { registry } = loaded.loaded;
const desc = registry.getMessage('protobuf_test_messages.proto3.TestAllTypesProto3')!;

/** A request body as the gateway reads it: readJsonBody, then buildMessage; a message or the error. */
async function parseRequest(json: string): Promise<Message | Error> {
  const read = await readJsonBody(request('POST', '/', { body: json }), 1 << 20);
  if (!read.ok) return new Error(read.problem.detail);
  const { value } = read;
  const built = buildMessage(
    desc,
    { pathValues: [], query: undefined, body: { value, field: '*' }, lenientPath: false },
    registry,
  );
  if (!built.ok) return new Error(built.detail);
  return fromJson(desc, built.value as never, { registry });
}

const print = (message: Message) => toJson(desc, message, { registry, alwaysEmitImplicit: false });

/** `equals`, except that NaN equals NaN (any NaN: the suite expects them normalized). */
function same(a: Message, b: Message): boolean {
  if (equals(desc, a, b)) return true;
  const printed = JSON.stringify(print(a));
  return printed.includes('"NaN"') && printed === JSON.stringify(print(b));
}

/** Equal to the expectation, and still equal after a trip through the gateway's JSON output. */
async function matches(parsed: Message, expectedText: string): Promise<string | undefined> {
  const expected = parseTextFormat(desc, expectedText, registry);
  if (!same(parsed, expected)) return `parsed ${JSON.stringify(print(parsed))}`;
  const again = await parseRequest(JSON.stringify(print(parsed)));
  if (again instanceof Error) return `its JSON output does not parse again: ${again.message}`;
  if (!same(again, expected)) return 'changed on a round trip';
  return undefined;
}

async function run(c: Case): Promise<string | undefined> {
  switch (c.kind) {
    case 'valid':
    case 'validOrParseFailure': {
      const parsed = await parseRequest(c.json!);
      if (parsed instanceof Error)
        return c.kind === 'validOrParseFailure' ? undefined : `refused: ${parsed.message}`;
      return await matches(parsed, c.expected!);
    }
    case 'ignoreUnknown': {
      const parsed = fromJson(desc, JSON.parse(c.json!), { registry, ignoreUnknownFields: true });
      return await matches(parsed, c.expected!);
    }
    case 'parseFailure': {
      const parsed = await parseRequest(c.json!);
      return parsed instanceof Error ? undefined : `accepted as ${JSON.stringify(print(parsed))}`;
    }
    case 'serializeFailure': {
      const message = parseTextFormat(desc, c.expected!, registry);
      try {
        return `printed ${JSON.stringify(print(message))}`;
      } catch {
        return undefined;
      }
    }
    case 'binary': {
      const message = fromBinary(desc, Buffer.from(c.protobuf!, 'hex'));
      return await matches(message, c.expected!);
    }
    case 'output': {
      const parsed = await parseRequest(c.json!);
      if (parsed instanceof Error) return `refused: ${parsed.message}`;
      const out = print(parsed) as Record<string, unknown>;
      for (const key of c.has ?? []) if (!(key in out)) return `output lacks ${key}: ${JSON.stringify(out)}`;
      for (const key of c.lacks ?? []) if (key in out) return `output has ${key}`;
      for (const [key, value] of Object.entries(c.equals ?? {}))
        if (!Object.is(out[key], value) && out[key] !== value)
          return `output ${key} is ${JSON.stringify(out[key])}`;
      if (c.equalsWhole !== undefined && JSON.stringify(out) !== JSON.stringify(c.equalsWhole))
        return `output is ${JSON.stringify(out)}`;
      return undefined;
    }
  }
}

const results: { c: Case; failure: string | undefined }[] = [];
for (const c of corpus.cases) {
  let failure: string | undefined;
  try {
    failure = await run(c);
  } catch (error) {
    failure = `threw: ${(error as Error).message}`;
  }
  results.push({ c, failure });
}

test('every case outside the unsupported list passes', () => {
  const failed = results.filter((r) => r.failure !== undefined && !(r.c.name in UNSUPPORTED));
  assert.equal(
    failed.map((r) => `${r.c.level}.${r.c.name}: ${r.failure}`),
    [],
  );
});

test('every unsupported case still fails (otherwise take it off the list)', () => {
  const passing = results.filter((r) => r.failure === undefined && r.c.name in UNSUPPORTED);
  assert.equal(
    passing.map((r) => r.c.name),
    [],
  );
  for (const name of Object.keys(UNSUPPORTED))
    assert.ok(
      corpus.cases.some((c) => c.name === name),
      `${name} is not a case of the corpus`,
    );
});

test('pass count', () => {
  const passed = results.filter((r) => r.failure === undefined).length;
  console.log(`  proto3 JSON conformance: ${passed} of ${results.length} cases pass`);
  assert.ok(passed >= results.length - Object.keys(UNSUPPORTED).length);
});

test.run();
