/**
 * `gateway dev --record`: real requests through a running gateway become test cases — one per
 * distinct shape, credentials as placeholders — that `gateway test` replays; the cap holds.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEcho } from '../fixtures/http.js';
import { type DevOptions, dev } from '../src/commands/dev.js';
import { runTests } from '../src/commands/test.js';
import { send } from './proxy-harness.js';

function io(cwd: string, env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    cwd,
    out,
    err,
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    env,
    color: false,
  };
}

async function running(dir: string, env: NodeJS.ProcessEnv, extra: Partial<DevOptions>) {
  const o = io(dir, env);
  const stop = new AbortController();
  let url = '';
  let finished!: Promise<number>;
  await new Promise<void>((resolve, reject) => {
    finished = dev({
      ...o,
      ui: false,
      log: 'pretty',
      demo: false,
      port: 0,
      signal: stop.signal,
      handleSignals: false,
      onListening: (u) => {
        url = u;
        resolve();
      },
      ...extra,
    }).then((r) => {
      reject(new Error(`dev exited ${r.exitCode}: ${o.err.join('')}`));
      return r.exitCode;
    });
  });
  return {
    url,
    io: o,
    stop: async () => {
      stop.abort();
      return finished;
    },
  };
}

async function setup() {
  const echo = await startEcho();
  const dir = await mkdtemp(join(tmpdir(), 'gw-record-'));
  await writeFile(
    join(dir, 'gateway.config.json'),
    JSON.stringify({
      upstreams: { echo: echo.url },
      auth: {
        keys: { type: 'api-key', keys: [{ name: 'ci', key: { env: 'REC_KEY' } }] },
        queryKeys: { type: 'api-key', query: 'key', keys: [{ name: 'ci', key: { env: 'REC_KEY' } }] },
      },
      routes: [
        { name: 'beta', match: { path: '/api/**', headers: { 'x-beta': true } }, upstream: 'echo' },
        { name: 'api', match: { path: '/api/**' }, upstream: 'echo' },
        {
          name: 'orders',
          match: { path: '/orders/:id' },
          upstream: 'echo',
          auth: 'keys',
          rewrite: { path: '/v2/orders/:id' },
        },
        { name: 'debug', match: { path: '/t/**', query: { debug: true } }, upstream: 'echo' },
        { name: 'files', match: { path: '/t/**' }, upstream: 'echo' },
        { name: 'by-key', match: { path: '/q/**' }, upstream: 'echo', auth: 'queryKeys' },
      ],
    }),
  );
  return { echo, dir };
}

test('records one case per request shape, credentials as placeholders; gateway test replays them', async () => {
  const { echo, dir } = await setup();
  const env = { REC_KEY: 'k-secret-1' };
  const file = join(dir, 'recorded.gateway-test.yaml');
  const gw = await running(dir, env, { record: 'recorded.gateway-test.yaml' });
  try {
    await send(`${gw.url}/api/a`);
    await send(`${gw.url}/api/a`, { headers: { accept: 'text/plain' } });
    await send(`${gw.url}/api/a`, { headers: { 'x-beta': '1' } });
    await send(`${gw.url}/orders/7`, { headers: { 'x-api-key': 'k-secret-1', cookie: 'sid=s3' } });
    await send(`${gw.url}/orders/8`);
    await send(`${gw.url}/t/x?token=tok-secret&page=2`);
    await send(`${gw.url}/t/x?token=tok-secret&page=3`);
    await send(`${gw.url}/t/x?debug=1&page=2`);
    await send(`${gw.url}/q/x?key=k-secret-1&page=2`);
    await send(`${gw.url}/nowhere`, { method: 'POST' });
  } finally {
    assert.is(await gw.stop(), 0);
    await echo.close();
  }
  const text = await readFile(file, 'utf8');
  for (const secret of ['k-secret-1', 'tok-secret', 's3']) assert.not.match(text, secret);
  assert.is(
    text,
    [
      '- request:',
      '    url: /api/a',
      '  expect:',
      '    route: api',
      '    upstream: echo',
      '    path: /api/a',
      '    auth: public',
      '- request:',
      '    url: /api/a',
      '    headers:',
      '      x-beta: "1"',
      '  expect:',
      '    route: beta',
      '    upstream: echo',
      '    path: /api/a',
      '    auth: public',
      '- request:',
      '    url: /orders/7',
      '    headers:',
      '      x-api-key: ${GATEWAY_RECORD_X_API_KEY}',
      '      cookie: ${GATEWAY_RECORD_COOKIE}',
      '  expect:',
      '    route: orders',
      '    upstream: echo',
      '    path: /v2/orders/7',
      '    auth: allow',
      '- request:',
      '    url: /orders/8',
      '  expect:',
      '    route: orders',
      '    auth: deny',
      '    status: 401',
      // Parameters that decide nothing are left out (one case for both pages), a public route's token too.
      '- request:',
      '    url: /t/x',
      '  expect:',
      '    route: files',
      '    upstream: echo',
      '    path: /t/x',
      '    auth: public',
      '- request:',
      '    url: /t/x?debug=1',
      '  expect:',
      '    route: debug',
      '    upstream: echo',
      '    path: /t/x?debug=1',
      '    auth: public',
      '- request:',
      '    url: /q/x?key=${GATEWAY_RECORD_QUERY_KEY}',
      '  expect:',
      '    route: by-key',
      '    upstream: echo',
      '    path: /q/x',
      '    auth: allow',
      '- request:',
      '    method: POST',
      '    url: /nowhere',
      '  expect:',
      '    route: null',
      '    status: 404',
      '',
    ].join('\n'),
  );

  // Replayed with the credentials: every expectation checked, all pass.
  const withKeys = io(dir, {
    REC_KEY: 'k-secret-1',
    GATEWAY_RECORD_X_API_KEY: 'k-secret-1',
    GATEWAY_RECORD_COOKIE: 'sid=1',
    GATEWAY_RECORD_QUERY_KEY: 'k-secret-1',
  });
  const full = await runTests({ ...withKeys, files: [file], reporter: 'json' });
  assert.is(full.exitCode, 0, withKeys.out.join(''));
  assert.is(full.run?.passed, 8);
  assert.equal(
    full.run?.results.flatMap((r) => r.skipped),
    [],
  );
  // Without them: the cases that carried one check only their route, and say so.
  const bare = io(dir, { REC_KEY: 'k-secret-1' });
  const partial = await runTests({ ...bare, files: [file], reporter: 'json' });
  assert.is(partial.exitCode, 0, bare.out.join(''));
  assert.equal(
    partial.run?.results.flatMap((r) => r.skipped),
    [
      'upstream, path, auth: set GATEWAY_RECORD_X_API_KEY, GATEWAY_RECORD_COOKIE to check them',
      'upstream, path, auth: set GATEWAY_RECORD_QUERY_KEY to check them',
    ],
  );
  await rm(dir, { recursive: true, force: true });
});

test('a restart keeps the cases it has; --record-max caps the file; JSON files stay valid JSON', async () => {
  const { echo, dir } = await setup();
  const env = { REC_KEY: 'k' };
  const file = join(dir, 'rec.json');
  for (const paths of [
    ['/api/1', '/api/2'],
    ['/api/2', '/api/3', '/api/4', '/api/5'],
  ]) {
    const gw = await running(dir, env, { record: 'rec.json', recordMax: 3 });
    try {
      for (const path of paths) await send(`${gw.url}${path}`);
    } finally {
      await gw.stop();
    }
    if (paths.length > 2)
      assert.match(gw.io.out.join(''), /record: 3 cases in rec\.json — --record-max reached/);
  }
  await echo.close();
  const cases = JSON.parse(await readFile(file, 'utf8'));
  assert.equal(
    cases.map((c: { request: { url: string } }) => c.request.url),
    ['/api/1', '/api/2', '/api/3'],
  );
  await writeFile(join(dir, 'not-a-list.yaml'), 'tests: []\n');
  const o = io(dir, env);
  const result = await dev({
    ...o,
    ui: false,
    log: 'pretty',
    demo: false,
    port: 0,
    handleSignals: false,
    record: 'not-a-list.yaml',
  });
  assert.is(result.exitCode, 2);
  assert.match(o.err.join(''), /--record needs a file holding a list of test cases/);
  await rm(dir, { recursive: true, force: true });
});

test.run();
