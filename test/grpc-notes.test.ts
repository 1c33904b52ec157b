import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunningFixture } from '../fixtures/listen.js';
import { NOTES_PROTO, startNoteService } from '../fixtures/notes.js';
import type { GrpcTransform } from '../src/pipeline/transform/compiled.js';
import { compileTransforms } from '../src/pipeline/transform/index.js';
import type { ProtocolTarget } from '../src/protocols/api.js';
import { callGrpc, GrpcChannelPool } from '../src/protocols/index.js';
import { bodyText, plan, resolved, transformOf } from './transform-support.js';

// Regressions of issue 13 against the NoteService fixture (json_name, response_body, a config route
// with a body field, a broken answer), and what an error carries.

let fixture: RunningFixture;
let target: ProtocolTarget;
const pool = new GrpcChannelPool();
const transforms = new Map<string, GrpcTransform>();

function config(emitDefaults?: boolean) {
  return resolved({
    upstreams: {
      notes: {
        targets: [fixture.url],
        protocol: 'grpc',
        grpc: { protos: [NOTES_PROTO], ...(emitDefaults === undefined ? {} : { emitDefaults }) },
      },
    },
    routes: [
      { name: 'notes', match: { path: '/v1/**' }, upstream: 'notes' },
      {
        name: 'move',
        match: { path: '/moves/:id' },
        upstream: 'notes',
        grpc: { method: 'notes.v1.NoteService/MoveNote', body: 'location', responseBody: 'location' },
      },
    ],
  });
}

test.before(async () => {
  fixture = await startNoteService();
  target = { url: fixture.url, id: `127.0.0.1:${fixture.port}` };
  for (const route of ['notes', 'move'])
    transforms.set(route, (await transformOf(config(), route)) as GrpcTransform);
  transforms.set('lean', (await transformOf(config(false), 'notes')) as GrpcTransform);
});

test.after(async () => {
  pool.close();
  await fixture.close();
});

async function call(
  route: string,
  method: string,
  url: string,
  options: { body?: unknown; params?: Record<string, string>; headers?: Record<string, string> } = {},
) {
  const transform = transforms.get(route)!;
  const planned = await plan(transform, method, url, options);
  if (!planned.ok)
    return { status: planned.problem.status, json: planned.problem as unknown, plan: undefined };
  const response = await callGrpc(planned.plan, target, { transform, channelPool: pool, timeout: 5000 });
  return { status: response.status, json: JSON.parse(await bodyText(response)), plan: planned.plan };
}

test('json_name: answers write "title", never "displayName"', async () => {
  const { status, json } = await call('notes', 'GET', '/v1/notes/1');
  assert.is(status, 200);
  assert.equal(json, {
    name: 'notes/1',
    title: 'Groceries',
    location: { folder: 'home', position: 1 },
    revision: '3',
  });
});

test('json_name: the body is read from "title" and from the proto name "display_name"', async () => {
  for (const key of ['title', 'display_name']) {
    const { status, json, plan } = await call('notes', 'PATCH', '/v1/notes/2', {
      body: { [key]: `by ${key}` },
    });
    assert.is(status, 200, key);
    assert.equal(plan?.kind === 'grpc' && plan.message, { note: { name: 'notes/2', title: `by ${key}` } });
    assert.is((json as { title: string }).title, `by ${key}`);
  }
  const refused = await call('notes', 'PATCH', '/v1/notes/2', { body: { displayName: 'x' } });
  assert.is(refused.status, 400, 'the lowerCamelCase name is not the JSON name any more');
});

test('response_body: the answer is the one field', async () => {
  const { status, json, plan } = await call('notes', 'GET', '/v1/notes/1:title');
  assert.is(status, 200);
  assert.is(plan?.kind === 'grpc' && plan.responseBody, 'display_name');
  assert.is(json, 'Groceries');
});

test('config route: body "location" fills one field, responseBody answers one field', async () => {
  const { status, json, plan } = await call('move', 'POST', '/moves/x', {
    body: { folder: 'work', position: 4 },
    params: { name: 'notes/2' },
  });
  assert.is(status, 200);
  assert.equal(plan?.kind === 'grpc' && plan.message, {
    name: 'notes/2',
    location: { folder: 'work', position: 4 },
  });
  assert.equal(json, { folder: 'work', position: 4 });
});

test('a truncated frame with grpc-status 0 is a 502, never a 2xx', async () => {
  const { status, json } = await call('notes', 'GET', '/v1/notes/1:broken');
  assert.is(status, 502);
  const body = json as { type: string; detail: string };
  assert.is(body.type, 'urn:gateway:bad-gateway');
  assert.match(body.detail, /broken/);
});

test('emitDefaults: false leaves default-valued fields out; the default shows them', async () => {
  const lean = await call('lean', 'GET', '/v1/notes/3');
  assert.equal(lean.json, { name: 'notes/3', title: 'Draft', location: { folder: 'inbox' } });
  const full = await call('notes', 'GET', '/v1/notes/3');
  assert.equal(full.json, {
    name: 'notes/3',
    title: 'Draft',
    location: { folder: 'inbox', position: 0 },
    revision: '0',
  });
});

test('an error passes google.rpc.Status details through as JSON', async () => {
  const { status, json } = await call('notes', 'POST', '/v1/notes:fail', {
    body: { code: 9, message: 'not now' },
  });
  assert.is(status, 400);
  const body = json as { grpcCode: string; grpcDetails: unknown };
  assert.is(body.grpcCode, 'FAILED_PRECONDITION');
  assert.equal(body.grpcDetails, {
    code: 9,
    message: 'not now',
    details: [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'NOTE_FIXTURE',
        domain: 'notes.example',
        metadata: { code: '9' },
      },
    ],
  });
});

test('64-bit integers: an exact unquoted number is taken, one JSON parsing rounded is refused', async () => {
  const transform = transforms.get('notes')!;
  const exact = await plan(transform, 'PATCH', '/v1/notes/1', { body: '{"revision": 9223372036854774784}' });
  assert.equal(exact.ok && exact.plan.kind === 'grpc' && exact.plan.message, {
    note: { name: 'notes/1', revision: '9223372036854774784' },
  });
  const rounded = await plan(transform, 'PATCH', '/v1/notes/1', {
    body: '{"revision": 9223372036854775807}',
  });
  assert.is(rounded.ok, false);
  if (!rounded.ok) assert.match(rounded.problem.detail, 'not exact as a JSON number; send it as a string');
});

test('a declared body or responseBody that names no field is a config issue naming the key', async () => {
  const bad = resolved({
    upstreams: { notes: { targets: [fixture.url], protocol: 'grpc', grpc: { protos: [NOTES_PROTO] } } },
    routes: [
      {
        name: 'move',
        match: { path: '/moves/:name' },
        upstream: 'notes',
        grpc: { method: 'notes.v1.NoteService/MoveNote', body: 'place', responseBody: 'where' },
      },
    ],
  });
  const compiled = await compileTransforms(bad);
  assert.is(compiled.ok, false);
  if (!compiled.ok)
    assert.equal(
      compiled.issues.map((i) => `${i.path}: ${i.message}`),
      [
        `routes[0].grpc.body: "place" is not a field of notes.v1.MoveNoteRequest (use '*' for the whole message)`,
        'routes[0].grpc.responseBody: "where" is not a field of notes.v1.Note',
      ],
    );
});

const NDJSON = { 'content-type': 'application/x-ndjson' };

test('client streaming: an NDJSON body is one message per line', async () => {
  const body = '{"name":"notes/10","title":"A"}\n\n{"name":"notes/11","display_name":"B"}\n';
  const { status, json, plan } = await call('notes', 'POST', '/v1/notes:import', { body, headers: NDJSON });
  assert.is(status, 200);
  assert.equal(plan?.kind === 'grpc' && plan.message, [
    { name: 'notes/10', title: 'A' },
    { name: 'notes/11', title: 'B' },
  ]);
  assert.equal(json, { count: 2, names: ['notes/10', 'notes/11'] });
  const imported = await call('notes', 'GET', '/v1/notes/11');
  assert.is((imported.json as { title: string }).title, 'B');
});

test('client streaming: a JSON array works too; an empty body sends no message', async () => {
  const array = await call('notes', 'POST', '/v1/notes:import', { body: [{ name: 'notes/12' }] });
  assert.equal(array.json, { count: 1, names: ['notes/12'] });
  const empty = await call('notes', 'POST', '/v1/notes:import', { body: '', headers: NDJSON });
  assert.equal(empty.json, { count: 0, names: [] });
});

test('client streaming: errors name the line', async () => {
  const badJson = await call('notes', 'POST', '/v1/notes:import', {
    body: '{"name":"notes/13"}\n{"name":\n',
    headers: NDJSON,
  });
  assert.is(badJson.status, 400);
  assert.match((badJson.json as { detail: string }).detail, /^body line 2: malformed JSON/);
  const badField = await call('notes', 'POST', '/v1/notes:import', {
    body: '{"name":"notes/13"}\n\n{"titel":"x"}',
    headers: NDJSON,
  });
  assert.is(badField.status, 400);
  assert.match(
    (badField.json as { detail: string }).detail,
    /^body line 3: body\.titel: unknown field .*"title"/,
  );
});

/** google/rpc/code.proto, each code's "HTTP Mapping" line. */
const CODE_PROTO: readonly (readonly [number, string, number])[] = [
  [1, 'CANCELLED', 499],
  [2, 'UNKNOWN', 500],
  [3, 'INVALID_ARGUMENT', 400],
  [4, 'DEADLINE_EXCEEDED', 504],
  [5, 'NOT_FOUND', 404],
  [6, 'ALREADY_EXISTS', 409],
  [7, 'PERMISSION_DENIED', 403],
  [8, 'RESOURCE_EXHAUSTED', 429],
  [9, 'FAILED_PRECONDITION', 400],
  [10, 'ABORTED', 409],
  [11, 'OUT_OF_RANGE', 400],
  [12, 'UNIMPLEMENTED', 501],
  [13, 'INTERNAL', 500],
  [14, 'UNAVAILABLE', 503],
  [15, 'DATA_LOSS', 500],
  [16, 'UNAUTHENTICATED', 401],
];

for (const [code, name, http] of CODE_PROTO) {
  test(`grpc-status ${code} ${name} from the server → HTTP ${http}`, async () => {
    const { status, json } = await call('notes', 'POST', '/v1/notes:fail', { body: { code, message: 'm' } });
    assert.is(status, http);
    assert.is((json as { grpcCode: string }).grpcCode, name);
  });
}

test('grpc-status 0 OK without a message → 502 (OK needs a valid message)', async () => {
  const { status, json } = await call('notes', 'POST', '/v1/notes:fail', { body: { code: 0 } });
  assert.is(status, 502);
  assert.is((json as { type: string }).type, 'urn:gateway:bad-gateway');
});

test.run();
