/**
 * Mocks through the real proxy: templates and latency on real sockets, a sequence advancing per
 * request, an OpenAPI document answering with Prefer, and `gateway dev` reloading when the
 * OpenAPI document changes.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dev } from '../src/commands/dev.js';
import { send, startTestGateway, type TestGateway } from './proxy-harness.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/openapi/', import.meta.url));
let gw: TestGateway;

test.before(async () => {
  gw = await startTestGateway({
    routes: [
      {
        name: 'user',
        match: { path: '/users/:id' },
        mock: { json: { id: '{params.id}', q: '{query.q}' }, latency: '200ms' },
      },
      {
        name: 'retry',
        match: { path: '/retry' },
        mock: { sequence: [{ status: 503 }, { status: 503 }, { status: 200, body: 'finally' }] },
      },
      {
        name: 'pets',
        match: { path: '/api/**' },
        rewrite: { stripPrefix: '/api' },
        mock: { openapi: join(FIXTURES, 'petstore.yaml') },
      },
    ],
  });
});
test.after(() => gw.close());

test('a template mock answers after its latency with the request filled in', async () => {
  const started = performance.now();
  const res = await send(`${gw.url}/users/42?q=ada`);
  assert.ok(performance.now() - started >= 190, 'answered before the 200 ms latency');
  assert.is(res.status, 200);
  assert.is(res.headers['content-type'], 'application/json');
  assert.equal(JSON.parse(res.body), { id: '42', q: 'ada' });
});

test('a sequence advances one answer per request: 503, 503, then 200 for good', async () => {
  const answers: string[] = [];
  for (let i = 0; i < 4; i++) {
    const res = await send(`${gw.url}/retry`);
    answers.push(`${res.status} ${res.body}`);
  }
  assert.equal(answers, ['503 ', '503 ', '200 finally', '200 finally']);
});

test('an OpenAPI mock answers by path and method, honours Prefer, and refuses what the document lacks', async () => {
  const dog = await send(`${gw.url}/api/pets/7`, { headers: { prefer: 'example=dog' } });
  assert.is(dog.status, 200);
  assert.is(dog.headers['content-type'], 'application/json');
  assert.equal(JSON.parse(dog.body), { id: 2, name: 'Rex', kind: 'dog' });
  const missing = await send(`${gw.url}/api/pets/7`, { headers: { prefer: 'code=404' } });
  assert.is(missing.status, 404);
  assert.equal(JSON.parse(missing.body), { message: 'pet not found' });
  const head = await send(`${gw.url}/api/pets/7`, { method: 'HEAD' });
  assert.is(head.status, 200);
  assert.is(head.body, '');
  const put = await send(`${gw.url}/api/pets/7`, { method: 'PUT' });
  assert.is(put.status, 405);
  assert.is(put.headers.allow, 'GET, DELETE');
  assert.is(JSON.parse(put.body).type, 'urn:gateway:mock-unavailable');
});

test('gateway dev reloads when the OpenAPI document (or a file it refers to) changes', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gateway-openapi-'));
  await mkdir(join(dir, 'schemas'));
  await copyFile(join(FIXTURES, 'petstore.yaml'), join(dir, 'petstore.yaml'));
  await copyFile(join(FIXTURES, 'schemas/pet.yaml'), join(dir, 'schemas/pet.yaml'));
  await writeFile(
    join(dir, 'gateway.config.json'),
    JSON.stringify({
      routes: [{ name: 'pets', match: { path: '/**' }, mock: { openapi: 'petstore.yaml' } }],
    }),
  );
  const stop = new AbortController();
  const out: string[] = [];
  let exited!: Promise<unknown>;
  const url = await new Promise<string>((resolve) => {
    exited = dev({
      cwd: dir,
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: (t: string) => out.push(t) },
      env: { ...process.env, NO_COLOR: '1' },
      color: false,
      ui: false,
      log: 'pretty',
      demo: false,
      port: 0,
      signal: stop.signal,
      handleSignals: false,
      onListening: resolve,
    });
  });
  try {
    assert.equal(JSON.parse((await send(`${url}/pets/1`)).body), { id: 1, name: 'Tom', kind: 'cat' });
    const document = await readFile(join(dir, 'petstore.yaml'), 'utf8');
    await writeFile(join(dir, 'petstore.yaml'), document.replaceAll('name: Tom', 'name: Felix'));
    await until(
      async () => JSON.parse((await send(`${url}/pets/1`)).body).name === 'Felix',
      'the new example',
    );
    // The $ref'd schema file is watched too.
    const schema = await readFile(join(dir, 'schemas/pet.yaml'), 'utf8');
    await writeFile(join(dir, 'schemas/pet.yaml'), schema.replace('format: date', 'format: date-time'));
    await until(
      async () =>
        JSON.parse((await send(`${url}/pets`, { method: 'POST' })).body).born === '2024-01-01T00:00:00Z',
      'the changed schema',
    );
    assert.match(out.join(''), /petstore\.yaml changed — reloaded/);
  } finally {
    stop.abort();
    await exited;
    await rm(dir, { recursive: true });
  }
});

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never saw ${what}`);
}

test.run();
