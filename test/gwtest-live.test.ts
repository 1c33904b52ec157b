/**
 * `gateway test --live`: the proxy starts in-process on a free port in front of real fixture
 * services (on free ports too); each case is sent for real, and the response's status, headers
 * and JSON body (a subset) are checked besides the Decision.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startAllFixtures } from '../fixtures/index.js';
import { runTests } from '../src/commands/test.js';

test('live: cases pass against the real proxy and upstreams; a wrong body fails with a diff', async () => {
  const fixtures = await startAllFixtures();
  const dir = await mkdtemp(join(tmpdir(), 'gateway-live-'));
  try {
    const { users, echo } = fixtures.services;
    const config = {
      upstreams: { users: { targets: users.map((u) => u.url), health: { passive: {} } }, echo: echo.url },
      routes: [
        { name: 'users', match: { path: '/users/**', methods: ['GET'] }, upstream: 'users' },
        { name: 'echo', match: { path: '/echo/**' }, upstream: 'echo', rewrite: { stripPrefix: '/echo' } },
        {
          name: 'teapot',
          match: { path: '/tea' },
          respond: { status: 418, headers: { 'x-brew': 'no' }, json: { short: true } },
        },
      ],
      tests: [
        {
          request: { url: '/users/1' },
          expect: {
            route: 'users',
            status: 200,
            body: { id: 1, name: 'Ada Lovelace' },
            responseHeaders: { 'content-type': 'application/json; charset=utf-8' },
          },
        },
        {
          request: { method: 'POST', url: '/echo/a?b=1', body: { hello: 'world' } },
          expect: { path: '/a?b=1', status: 200, body: { method: 'POST', url: '/a?b=1', query: { b: '1' } } },
        },
        {
          request: { url: '/tea' },
          expect: { status: 418, responseHeaders: { 'x-brew': 'no' }, body: { short: true } },
        },
        { request: { url: '/nowhere' }, expect: { route: null, status: 404 } },
      ],
    };
    await writeFile(join(dir, 'gateway.config.json'), JSON.stringify(config));
    let stdout = '';
    const io = {
      cwd: dir,
      env: {},
      color: false,
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stdout += s) },
    };
    const passing = await runTests({ ...io, live: true });
    assert.is(passing.exitCode, 0, stdout);
    assert.ok(passing.run!.live);
    assert.is(passing.run!.results[0]!.response?.status, 200);
    assert.match(stdout, '4 passed, 0 failed (4 cases, live');

    await writeFile(
      join(dir, 'wrong.gateway-test.json'),
      JSON.stringify([
        { request: { url: '/users/2' }, expect: { status: 200, body: { name: 'Ada Lovelace' } } },
      ]),
    );
    stdout = '';
    const failing = await runTests({ ...io, live: true });
    assert.is(failing.exitCode, 1);
    assert.match(stdout, 'expected body.name: Ada Lovelace, actual: Grace Hopper');
  } finally {
    await rm(dir, { recursive: true, force: true });
    await fixtures.close();
  }
});

test.run();
