/**
 * `gateway test --live --target <url>`: cases go to a server that is already running — here
 * gateway's own proxy stands in for "another engine" — and are judged by what the fixtures
 * report (x-fixture-target, x-fixture-url, echo's headers), not by the Decision.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startAllFixtures } from '../fixtures/index.js';
import { loadTable } from '../src/commands/load-table.js';
import { runTests } from '../src/commands/test.js';
import { startLiveGateway } from '../src/testing/live.js';

test('--target: observed upstream, path and headers pass; a server that routes elsewhere fails', async () => {
  const fixtures = await startAllFixtures();
  const dir = await mkdtemp(join(tmpdir(), 'gateway-target-'));
  try {
    const { users, echo } = fixtures.services;
    const config = (routes: unknown[]) => ({
      upstreams: { users: { targets: users.map((u) => u.url) }, echo: echo.url },
      routes,
      tests: [
        { request: { url: '/users/1' }, expect: { upstream: 'users', path: '/users/1', status: 200 } },
        {
          request: { url: '/e/a?b=1', headers: { 'x-drop': '1' } },
          expect: { upstream: 'echo', path: '/a?b=1', headers: { 'x-set': 'yes', 'x-drop': null } },
        },
        { request: { url: '/none' }, expect: { status: 404 } },
        {
          request: { url: '/old/a?x=1' },
          expect: { status: 308, location: 'https://example.test/new/a?x=1' },
        },
      ],
    });
    const good = [
      { name: 'users', match: { path: '/users/**' }, upstream: 'users' },
      {
        name: 'echo',
        match: { path: '/e/**' },
        upstream: 'echo',
        rewrite: { stripPrefix: '/e', headers: { set: { 'x-set': 'yes' }, remove: ['x-drop'] } },
      },
      {
        name: 'moved',
        match: { path: '/old/**' },
        redirect: { scheme: 'https', host: 'example.test', prefix: '/new', status: 308 },
      },
    ];
    await writeFile(join(dir, 'gateway.config.json'), JSON.stringify(config(good)));
    // The "engine" under test: gateway's own proxy serving `routes`; the cases always come from the good config.
    const against = async (routes: unknown[]) => {
      await writeFile(join(dir, 'served.json'), JSON.stringify(config(routes)));
      const load = () => loadTable({ cwd: dir, configPath: 'served.json', env: {} });
      const loaded = await load();
      if (!loaded.ok) throw new Error('served config');
      const server = await startLiveGateway(loaded, load);
      let out = '';
      const write = (s: string) => {
        out += s;
      };
      try {
        const result = await runTests({
          cwd: dir,
          config: 'gateway.config.json',
          env: {},
          color: false,
          stdout: { write },
          stderr: { write },
          live: true,
          target: server.url,
        });
        return { result, out };
      } finally {
        await server.close();
      }
    };
    const passing = await against(good);
    assert.is(passing.result.exitCode, 0, passing.out);
    assert.match(passing.out, /4 passed, 0 failed/);

    // An engine that sends /users to echo, forgets the header edits and redirects elsewhere fails
    // on what the fixtures saw and on the answer's Location.
    const wrong = await against([
      { name: 'users', match: { path: '/users/**' }, upstream: 'echo' },
      { name: 'echo', match: { path: '/e/**' }, upstream: 'echo', rewrite: { stripPrefix: '/e' } },
      { name: 'moved', match: { path: '/old/**' }, redirect: { host: 'example.test', status: 308 } },
    ]);
    assert.is(wrong.result.exitCode, 1, wrong.out);
    assert.match(wrong.out, /expected upstream: users, actual: a target at 127\.0\.0\.1:\d+/);
    assert.match(wrong.out, /expected headers\.x-set: yes, actual: \(none\)/);
    assert.match(wrong.out, /expected headers\.x-drop: \(none\), actual: 1/);
    assert.match(
      wrong.out,
      /expected location: https:\/\/example\.test\/new\/a\?x=1, actual: http:\/\/example\.test:\d+\/old\/a\?x=1/,
    );
  } finally {
    await fixtures.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('--target needs --live and an http://host:port', async () => {
  let out = '';
  const io = {
    cwd: process.cwd(),
    env: {},
    color: false,
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (out += s) },
  };
  const noLive = await runTests({ ...io, config: 'gateway.config.example.ts', target: 'http://127.0.0.1:1' });
  assert.is(noLive.exitCode, 2);
  assert.match(out, /--target needs --live/);
  const bad = await runTests({ ...io, config: 'gateway.config.example.ts', live: true, target: 'ftp://x' });
  assert.is(bad.exitCode, 2);
});

test.run();
