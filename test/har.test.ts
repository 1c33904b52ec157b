/**
 * `gateway dev --har FILE`: the file is read back and validated against HAR 1.2 (the spec's
 * required members, written out as test/har-1.2.schema.json), credentials are redacted as in the
 * access log, bodies are kept up to the cap, and the file is valid JSON while the gateway runs.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEcho } from '../fixtures/echo.js';
import { dev } from '../src/commands/dev.js';
import type { CommandIO } from '../src/commands/io.js';
import type { GatewayEvents } from '../src/events.js';
import { HAR_CREATOR, type HarEntry, harEntry, openHarFile } from '../src/har/index.js';
import { send } from './proxy-harness.js';

const schema = JSON.parse(await readFile(new URL('./har-1.2.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
const validateHar = ajv.compile(schema);

function assertValidHar(har: unknown): void {
  const ok = validateHar(har);
  assert.ok(ok, JSON.stringify(validateHar.errors, null, 2));
  for (const entry of (har as { log: { entries: HarEntry[] } }).log.entries) {
    // HAR 1.2: `time` is the sum of the timings that apply (those not -1).
    const sum = Object.values(entry.timings)
      .filter((t) => t >= 0)
      .reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(entry.time - sum) < 0.01, `time ${entry.time} ≠ sum of timings ${sum}`);
  }
}

function io(cwd: string): CommandIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    cwd,
    out,
    err,
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    env: { ...process.env, NO_COLOR: '1' },
    color: false,
  };
}

const API_KEY = 'k-7f3c9a1e5b2d';

async function runDev(config: unknown, har: string) {
  const dir = await mkdtemp(join(tmpdir(), 'gateway-har-'));
  await writeFile(join(dir, 'gateway.config.json'), JSON.stringify(config));
  const o = io(dir);
  const stop = new AbortController();
  let url = '';
  let listening!: () => void;
  const ready = new Promise<void>((resolve) => {
    listening = resolve;
  });
  const exited = dev({
    ...o,
    ui: false,
    log: 'json',
    demo: false,
    port: 0,
    har,
    signal: stop.signal,
    handleSignals: false,
    onListening: (u) => {
      url = u;
      listening();
    },
  }).then((r) => {
    listening();
    return r.exitCode;
  });
  await ready;
  return {
    dir,
    io: o,
    url,
    file: join(dir, har),
    async stop() {
      stop.abort();
      return exited;
    },
  };
}

function header(entry: HarEntry['request'] | HarEntry['response'], name: string): string | undefined {
  return entry.headers.find((h) => h.name === name)?.value;
}

test('dev --har: every exchange read back as valid HAR 1.2, credentials redacted, bodies and _gateway kept', async () => {
  const echo = await startEcho();
  const gw = await runDev(
    {
      upstreams: { echo: echo.url },
      auth: { key: { type: 'api-key', query: 'api_key', keys: [{ name: 'ci', key: API_KEY }] } },
      routes: [
        { name: 'secure', match: { path: '/secure/**' }, upstream: 'echo', auth: 'key' },
        { name: 'echo', match: { path: '/echo/**' }, upstream: 'echo', rewrite: { stripPrefix: '/echo' } },
      ],
    },
    'traffic.har',
  );
  try {
    const first = await send(`${gw.url}/echo/a?x=1&y=two%20words`, {
      headers: { authorization: 'Bearer s3cr3t-token', cookie: 'sid=abc123', accept: 'application/json' },
    });
    assert.is(first.status, 200);
    // The file is valid HAR while the gateway runs (written after each batch).
    let running: { log: { entries: HarEntry[] } } | undefined;
    for (let i = 0; i < 100 && (running?.log.entries.length ?? 0) < 1; i++) {
      await new Promise((r) => setTimeout(r, 20));
      running = JSON.parse(await readFile(gw.file, 'utf8'));
    }
    assertValidHar(running);
    assert.is(running!.log.entries.length, 1);

    const posted = await send(`${gw.url}/echo/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"ada"}',
    });
    assert.is(posted.status, 200);
    assert.is((await send(`${gw.url}/secure/x?api_key=${API_KEY}`)).status, 200);
    assert.is((await send(`${gw.url}/nowhere`)).status, 404);
    const big = Buffer.alloc(100 * 1024, 'a');
    assert.is(
      (
        await send(`${gw.url}/echo/big`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: big,
        })
      ).status,
      200,
    );
  } finally {
    assert.is(await gw.stop(), 0);
    await echo.close();
  }
  const text = await readFile(gw.file, 'utf8');
  const har = JSON.parse(text) as { log: { creator: unknown; entries: HarEntry[] } };
  assertValidHar(har);
  assert.equal(har.log.creator, HAR_CREATOR);
  assert.match(gw.io.out.join(''), /HAR: 5 entries written to traffic\.har/);
  // No credential in any header, URL or query (bodies are kept as they were: the echo upstream
  // reflects the headers it got, so its body shows the Authorization this public route forwards).
  const withoutBodies = JSON.stringify(
    har.log.entries.map((e) => ({ ...e, response: { ...e.response, content: undefined } })),
  );
  for (const secret of ['s3cr3t-token', 'abc123', API_KEY])
    assert.not.ok(withoutBodies.includes(secret), secret);

  const [get, post, secure, missing, large] = har.log.entries as [
    HarEntry,
    HarEntry,
    HarEntry,
    HarEntry,
    HarEntry,
  ];
  assert.match(get.request.url, /^http:\/\/127\.0\.0\.1:\d+\/echo\/a\?x=1&y=two%20words$/);
  assert.equal(get.request.queryString, [
    { name: 'x', value: '1' },
    { name: 'y', value: 'two words' },
  ]);
  assert.is(header(get.request, 'authorization'), '[redacted]');
  assert.is(header(get.request, 'cookie'), '[redacted]');
  assert.is(header(get.request, 'accept'), 'application/json');
  assert.is(get.response.status, 200);
  assert.is(get.response.statusText, 'OK');
  assert.match(get.response.content.mimeType, /^application\/json/);
  // The echo reports what the upstream got: the rewritten path.
  assert.is(JSON.parse(get.response.content.text!).path, '/a');
  assert.is(get.response.content.size, Buffer.byteLength(get.response.content.text!));
  assert.is(get._gateway.route, 'echo');
  assert.is(get._gateway.upstream, 'echo');
  assert.is(get._gateway.upstreamPath, '/a?x=1&y=two%20words');
  assert.is(get._gateway.action, 'forward');
  assert.match(get.serverIPAddress ?? '', /^127\.0\.0\.1$/);

  assert.is(post.request.method, 'POST');
  assert.equal(post.request.postData, { mimeType: 'application/json', text: '{"name":"ada"}' });
  assert.is(post.request.bodySize, 14);

  assert.match(secure.request.url, /\/secure\/x\?api_key=%5Bredacted%5D$|\/secure\/x\?api_key=\[redacted\]$/);
  assert.equal(secure.request.queryString, [{ name: 'api_key', value: '[redacted]' }]);
  assert.equal(secure._gateway.auth, { result: 'allow', provider: 'key', identity: 'ci' });

  assert.is(missing.response.status, 404);
  assert.is(missing.response.statusText, 'Not Found');
  assert.is(missing._gateway.action, 'reject');
  assert.is(missing.response.content.mimeType, 'application/problem+json');
  assert.is(JSON.parse(missing.response.content.text!).type, 'urn:gateway:no-route');

  assert.is(large.request.bodySize, 100 * 1024);
  assert.is(large.request.postData?.text, '');
  assert.match(large.request.postData?.comment ?? '', /over the capture limit/);
  await rm(gw.dir, { recursive: true });
});

test('dev --har: a file that cannot be written is a usage error (exit 2) before anything listens', async () => {
  const gw = io(tmpdir());
  const result = await dev({
    ...gw,
    config: join(tmpdir(), 'nonexistent-gateway-config.json'),
    ui: false,
    log: 'pretty',
    demo: false,
    har: '/nonexistent-dir/x.har',
    handleSignals: false,
  });
  assert.is(result.exitCode, 2);
});

function finished(overrides: Partial<GatewayEvents['request-finished']>): GatewayEvents['request-finished'] {
  return {
    id: 1,
    method: 'GET',
    url: '/x',
    at: Date.UTC(2026, 0, 2, 3, 4, 5, 6),
    status: 200,
    durationMs: 12.5,
    bytes: 0,
    decision: undefined,
    target: undefined,
    ...overrides,
  };
}

test('harEntry: gzip bodies are decoded (size and compression per HAR 1.2), binary ones noted by size', () => {
  const json = JSON.stringify({ hello: 'world'.repeat(50) });
  const gz = gzipSync(json);
  const entry = harEntry(
    finished({
      capture: {
        httpVersion: '1.1',
        requestHeaders: { host: 'api.local:8080' },
        requestBody: undefined,
        responseHeaders: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        statusMessage: 'OK',
        responseBody: { size: gz.length, data: gz },
        waitMs: 10,
      },
    }),
    undefined,
  );
  assert.is(entry.startedDateTime, '2026-01-02T03:04:05.006Z');
  assert.is(entry.request.url, 'http://api.local:8080/x');
  assert.is(entry.response.content.text, json);
  assert.is(entry.response.content.size, json.length);
  assert.is(entry.response.content.compression, json.length - gz.length);
  assert.is(entry.response.bodySize, gz.length);
  assert.equal(entry.timings, { blocked: -1, dns: -1, connect: -1, send: 0, wait: 10, receive: 2.5 });
  assert.is(entry.time, 12.5);

  const png = harEntry(
    finished({
      capture: {
        httpVersion: '1.1',
        requestHeaders: {},
        requestBody: undefined,
        responseHeaders: { 'content-type': 'image/png', 'set-cookie': ['a=1', 'b=2'] },
        statusMessage: undefined,
        responseBody: { size: 3, data: Buffer.from([1, 2, 3]) },
        waitMs: -1,
      },
    }),
    undefined,
  );
  assert.is(png.response.content.text, undefined);
  assert.match(png.response.content.comment ?? '', /image\/png body of 3 bytes is not text/);
  assert.equal(
    png.response.headers.filter((h) => h.name === 'set-cookie').map((h) => h.value),
    ['[redacted]', '[redacted]'],
  );
  assertValidHar({ log: { version: '1.2', creator: HAR_CREATOR, entries: [entry, png] } });
});

test('openHarFile: valid JSON after every batch and after close; entries in order', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gateway-harfile-'));
  const path = join(dir, 'x.har');
  const file = await openHarFile(path, { creator: HAR_CREATOR });
  assertValidHar(JSON.parse(await readFile(path, 'utf8')));
  const entry = (id: number) => harEntry(finished({ id }), undefined);
  file.add(entry(1));
  file.add(entry(2));
  while (file.written < 2) await new Promise((r) => setTimeout(r, 5));
  const mid = JSON.parse(await readFile(path, 'utf8'));
  assertValidHar(mid);
  assert.equal(
    mid.log.entries.map((e: HarEntry) => e._gateway.id),
    [1, 2],
  );
  file.add(entry(3));
  await file.close();
  const done = JSON.parse(await readFile(path, 'utf8'));
  assertValidHar(done);
  assert.equal(
    done.log.entries.map((e: HarEntry) => e._gateway.id),
    [1, 2, 3],
  );
  await rm(dir, { recursive: true });
});

test('the HAR 1.2 schema itself refuses entries missing what the spec requires', () => {
  const entry = harEntry(finished({}), undefined);
  const cases: [string, (e: Record<string, unknown>) => void][] = [
    ['no timings', (e) => delete e.timings],
    ['no cache', (e) => delete e.cache],
    ['negative wait', (e) => ((e.timings as Record<string, number>).wait = -1)],
    ['custom field without underscore', (e) => (e.gateway = {})],
    ['request without headers', (e) => delete (e.request as Record<string, unknown>).headers],
  ];
  for (const [name, breakIt] of cases) {
    const broken = structuredClone(entry) as unknown as Record<string, unknown>;
    breakIt(broken);
    assert.not.ok(validateHar({ log: { version: '1.2', creator: HAR_CREATOR, entries: [broken] } }), name);
  }
});

test.run();
