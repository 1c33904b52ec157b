/**
 * The mock action: inline answers with templates, file bodies, sequences (advanced by the proxy's
 * state, only looked at by explain), and OpenAPI documents answered as Stoplight Prism does
 * (cases written out as data: request and Prefer → status and body).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveConfig } from '../src/config/resolve.js';
import { generateFromSchema } from '../src/pipeline/mock/openapi/generate.js';
import { createRouteRuntime } from '../src/pipeline/route-state.js';
import { compileTable } from '../src/pipeline/table.js';
import { decideUrl, tableOf } from './policy-support.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/openapi/', import.meta.url));

test('an inline answer fills path parameters, query and headers into JSON and header values', async () => {
  const table = await tableOf({
    routes: [
      {
        name: 'user',
        match: { path: '/users/:id' },
        mock: {
          status: 201,
          headers: { 'X-Echo': 'for {headers.x-user}' },
          json: {
            id: '{params.id}',
            page: '{query.page}',
            who: '{headers.x-user}',
            how: '{method} {path}',
            keep: '{other}',
            n: 3,
          },
          latency: '150ms',
        },
      },
    ],
  });
  const decision = await decideUrl(table, '/users/42?page=2', { headers: { 'x-user': 'ada' } });
  assert.is(decision.action, 'respond');
  assert.is(decision.status, 201);
  assert.equal(JSON.parse(decision.response!.body), {
    id: '42',
    page: '2',
    who: 'ada',
    how: 'GET /users/42',
    keep: '{other}',
    n: 3,
  });
  assert.equal(decision.response?.headers, { 'x-echo': 'for ada', 'content-type': 'application/json' });
  assert.is(decision.response?.latencyMs, 150);
  assert.is(decision.trace.at(-1)?.summary, 'mock answers 201 after 150ms');
});

test('a file body is read when the table is built, templates filled; the file is a watched dependency', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gateway-mock-'));
  await writeFile(join(dir, 'hello.txt'), 'hello {params.name}\n');
  const table = await tableOf(
    {
      routes: [
        {
          name: 'hi',
          match: { path: '/hi/:name' },
          mock: { file: 'hello.txt', headers: { 'content-type': 'text/plain' } },
        },
      ],
    },
    dir,
  );
  const decision = await decideUrl(table, '/hi/ada');
  assert.is(decision.response?.body, 'hello ada\n');
  assert.ok(table.files.includes(join(dir, 'hello.txt')));
  const missing = resolveConfig(
    { routes: [{ name: 'x', match: { path: '/x' }, mock: { file: 'nope.txt' } }] },
    { dir },
  );
  assert.ok(missing.ok);
  if (missing.ok) {
    const compiled = await compileTable(missing.config);
    assert.not.ok(compiled.ok);
    if (!compiled.ok)
      assert.match(
        `${compiled.issues[0]?.path}: ${compiled.issues[0]?.message}`,
        /^routes\[0\]\.mock\.file: cannot read .*nope\.txt \(ENOENT\)$/,
      );
  }
  await rm(dir, { recursive: true });
});

test('a sequence answers in turn in the proxy, the last repeating; explain always shows the next', async () => {
  const table = await tableOf({
    routes: [
      {
        name: 'retry',
        match: { path: '/retry' },
        mock: { sequence: [{ status: 503 }, { status: 503 }, { status: 200, json: { ok: true } }] },
      },
      {
        name: 'loop',
        match: { path: '/loop' },
        mock: { sequence: [{ status: 200 }, { status: 500 }], loop: true },
      },
    ],
  });
  const state = createRouteRuntime({ consume: true });
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++)
    statuses.push((await decideUrl(table, '/retry', { routeState: state })).status!);
  assert.equal(statuses, [503, 503, 200, 200, 200]);
  const looped: number[] = [];
  for (let i = 0; i < 4; i++) looped.push((await decideUrl(table, '/loop', { routeState: state })).status!);
  assert.equal(looped, [200, 500, 200, 500]);
  for (let i = 0; i < 3; i++) {
    const explained = await decideUrl(table, '/retry');
    assert.is(explained.status, 503);
    assert.is(explained.trace.at(-1)?.summary, 'mock answers 503 (answer 1 of 3)');
  }
});

// Stoplight Prism's rules, as data: method, path, Prefer → status, body (JSON) or problem detail.
const PRISM_CASES: [
  rule: string,
  method: string,
  path: string,
  prefer: string | undefined,
  expected: unknown,
][] = [
  [
    'lowest 2xx by default, the media type example',
    'GET',
    '/pets',
    undefined,
    [
      { id: 1, name: 'Tom', kind: 'cat' },
      { id: 2, name: 'Rex', kind: 'dog' },
    ],
  ],
  [
    "servers' base path is stripped",
    'GET',
    '/v1/pets',
    undefined,
    [
      { id: 1, name: 'Tom', kind: 'cat' },
      { id: 2, name: 'Rex', kind: 'dog' },
    ],
  ],
  [
    'the first named example without a preference',
    'GET',
    '/pets/7',
    undefined,
    { id: 1, name: 'Tom', kind: 'cat' },
  ],
  ['Prefer: example=name', 'GET', '/pets/7', 'example=dog', { id: 2, name: 'Rex', kind: 'dog' }],
  ['Prefer: code=404', 'GET', '/pets/7', 'code=404', { message: 'pet not found' }],
  [
    'Prefer with both, comma-separated',
    'GET',
    '/pets/7',
    'code=200, example="dog"',
    { id: 2, name: 'Rex', kind: 'dog' },
  ],
  [
    'Prefer: dynamic=true generates from the schema',
    'POST',
    '/pets',
    'dynamic=true',
    { id: 1, name: 'string', kind: 'cat', born: '2024-01-01', tags: ['string'] },
  ],
  [
    'no example: generated from the $ref’d schema (another file)',
    'POST',
    '/pets',
    undefined,
    { id: 1, name: 'string', kind: 'cat', born: '2024-01-01', tags: ['string'] },
  ],
  [
    'a concrete path wins over a templated one',
    'GET',
    '/pets/mine',
    undefined,
    [{ id: 1, name: 'string', kind: 'cat', born: '2024-01-01', tags: ['string'] }],
  ],
  ['no content: an empty body', 'DELETE', '/pets/3', undefined, 204],
  ['HEAD is answered as GET', 'HEAD', '/pets/7', undefined, { id: 1, name: 'Tom', kind: 'cat' }],
  ['unknown path: 404 problem', 'GET', '/owners', undefined, 'Petstore has no operation for GET /owners'],
  [
    'known path, wrong method: 405 problem',
    'PUT',
    '/pets/7',
    undefined,
    'Petstore has no PUT operation on /pets/{petId} (it has GET, DELETE)',
  ],
  [
    'an undefined code: 404 problem',
    'GET',
    '/pets/7',
    'code=418',
    'getPet (GET /pets/{petId}) has no response 418 (it has 200, 404)',
  ],
  [
    'an unknown example: 404 problem',
    'GET',
    '/pets/7',
    'example=fish',
    'getPet (GET /pets/{petId}) → 200: no example named "fish" (it has cat, dog)',
  ],
];
const PRISM_STATUS = [200, 200, 200, 200, 404, 200, 201, 201, 200, 204, 200, 404, 405, 404, 404];

test('OpenAPI mocks answer as Prism does', async () => {
  const table = await tableOf(
    {
      routes: [
        {
          name: 'pets',
          match: { path: '/api/**' },
          rewrite: { stripPrefix: '/api' },
          mock: { openapi: 'petstore.yaml' },
        },
      ],
    },
    FIXTURES,
  );
  let passed = 0;
  for (const [i, [rule, method, path, prefer, expected]] of PRISM_CASES.entries()) {
    const decision = await decideUrl(table, `/api${path}`, { method, headers: prefer ? { prefer } : {} });
    const status = decision.status;
    const got =
      decision.action === 'reject'
        ? decision.problem?.detail
        : decision.response?.body === ''
          ? status
          : JSON.parse(decision.response!.body);
    assert.equal([status, got], [PRISM_STATUS[i], expected], rule);
    passed++;
  }
  assert.is(passed, PRISM_CASES.length);
  const list = await decideUrl(table, '/api/pets');
  assert.equal(list.response?.headers, { 'x-total-count': '2', 'content-type': 'application/json' });
  assert.is(list.trace.at(-1)?.summary, 'openapi listPets (GET /pets) → 200, example');
  const wrong = await decideUrl(table, '/api/pets/7', { method: 'PUT' });
  assert.is(wrong.problem?.type, 'urn:gateway:mock-unavailable');
  assert.is(wrong.responseHeaders?.allow, 'GET, DELETE');
  assert.equal(
    [...table.files].sort(),
    [join(FIXTURES, 'petstore.yaml'), join(FIXTURES, 'schemas/pet.yaml')],
    'the document and the file it refers to are watched',
  );
});

test('values generated from schemas: formats, bounds, allOf/oneOf, and a schema that refers to itself', () => {
  assert.equal(
    generateFromSchema({
      type: 'object',
      properties: {
        when: { type: 'string', format: 'date-time' },
        id: { type: 'string', format: 'uuid' },
        code: { type: 'string', minLength: 8 },
        count: { type: 'integer', minimum: 3 },
        price: { type: 'number', exclusiveMinimum: 0 },
        state: { enum: ['open', 'closed'] },
        both: { allOf: [{ properties: { a: { type: 'boolean' } } }, { properties: { b: { const: 1 } } }] },
        either: { oneOf: [{ type: 'string', example: 'x' }, { type: 'integer' }] },
        maybe: { type: ['null', 'integer'] },
      },
    }),
    {
      when: '2024-01-01T00:00:00Z',
      id: '00000000-0000-4000-8000-000000000000',
      code: 'stringxx',
      count: 3,
      price: 1,
      state: 'open',
      both: { a: true, b: 1 },
      either: 'x',
      maybe: 0,
    },
  );
  const node: Record<string, unknown> = { type: 'object', properties: {} };
  (node.properties as Record<string, unknown>).child = node;
  let depth = 0;
  for (
    let value = generateFromSchema(node) as Record<string, unknown> | null;
    value;
    value = value.child as never
  )
    depth++;
  assert.ok(depth > 3 && depth < 12, `a cyclic schema stops (depth ${depth})`);
});

test('config errors: one kind of mock, one body per answer, a readable OpenAPI 3 document', async () => {
  const check = (mock: unknown) => {
    const result = resolveConfig({ routes: [{ name: 'r', match: { path: '/r' }, mock }] }, { dir: FIXTURES });
    return result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
  };
  assert.equal(check({ status: 200, openapi: 'petstore.yaml' }), [
    'routes[0].mock: give one answer, a "sequence" or an "openapi" document, not an answer and "openapi"',
  ]);
  assert.equal(check({ sequence: [{ json: {}, body: 'x' }] }), [
    'routes[0].mock.sequence[0]: give one body: "json" or "body"',
  ]);
  assert.equal(check({ loop: true, status: 200 }), ['routes[0].mock.loop: only used with "sequence"']);
  const both = resolveConfig(
    {
      upstreams: { a: 'http://127.0.0.1:9' },
      routes: [{ name: 'r', match: { path: '/r' }, upstream: 'a', mock: {} }],
    },
    { dir: FIXTURES },
  );
  assert.not.ok(both.ok);
  const notOpenApi = resolveConfig(
    { routes: [{ name: 'r', match: { path: '/r' }, mock: { openapi: 'schemas/pet.yaml' } }] },
    { dir: FIXTURES },
  );
  assert.ok(notOpenApi.ok);
  if (notOpenApi.ok) {
    const compiled = await compileTable(notOpenApi.config);
    assert.not.ok(compiled.ok);
    if (!compiled.ok)
      assert.match(compiled.issues[0]!.message, /pet\.yaml is not a valid Openapi API definition/);
  }
});

test.run();
