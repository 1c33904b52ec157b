/**
 * `gateway diff` on real files and a real git repository: the working config against HEAD (its
 * imported module taken from the ref too), against another file, grouping, JSON, exit codes.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type DiffOptions, diff } from '../src/commands/diff.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

function buffers() {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    get out() {
      return out;
    },
    get err() {
      return err;
    },
  };
}

async function run(cwd: string, extra: Partial<DiffOptions> = {}) {
  const io = buffers();
  const result = await diff({
    cwd,
    env: {},
    color: false,
    now: NOW,
    stdout: io.stdout,
    stderr: io.stderr,
    ...extra,
  });
  return { ...result, out: io.out, err: io.err };
}

const CONFIG = `import { routes } from './routes.js';
export default {
  upstreams: { users: 'http://127.0.0.1:9101', accounts: 'http://127.0.0.1:9102' },
  routes,
  tests: [
    { request: { url: '/users/7' }, expect: { route: 'users' } },
    { request: { url: '/accounts/a/b' }, expect: { route: 'accounts' } },
  ],
};
`;
const ROUTES = `export const routes = [
  { name: 'users', match: { path: '/users/:id' }, upstream: 'users' },
  { name: 'accounts', match: { path: '/accounts/**' }, upstream: 'accounts' },
];
`;

async function repo(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gw-diff-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'test');
  await writeFile(join(dir, 'gateway.config.ts'), CONFIG);
  await writeFile(join(dir, 'routes.ts'), ROUTES);
  git('add', '-A');
  git('commit', '-qm', 'routes');
  return dir;
}

test('--base HEAD: an edit to an imported module moves exactly the requests it moves', async () => {
  const dir = await repo();
  try {
    const clean = await run(dir);
    assert.is(clean.exitCode, 0, clean.err);
    assert.match(clean.out, /no change: 4 known requests decide the same \(base HEAD:gateway\.config\.ts\)/);

    await writeFile(
      join(dir, 'routes.ts'),
      ROUTES.replace("upstream: 'users' }", "upstream: 'accounts', rewrite: { path: '/accounts/:id' } }"),
    );
    const moved = await run(dir, { base: 'HEAD', failOnChange: true });
    assert.is(moved.exitCode, 1);
    assert.is(
      moved.out,
      [
        '~ upstream: users → accounts; path changed  2 requests',
        '    GET /users/7        gateway.config.ts tests[0]  path /users/7 → /accounts/7',
        '    GET /users/sample1  sample of route "users"  path /users/sample1 → /accounts/sample1',
        '',
        '2 of 4 known requests decide differently, in 1 group (base HEAD:gateway.config.ts)',
        '',
      ].join('\n'),
    );
    // Without --fail-on-change a change is not a failure; the mirror of HEAD is gone afterwards.
    assert.is((await run(dir)).exitCode, 0);
    assert.equal(
      (await readdir(dir)).filter((f) => f.startsWith('.gateway-diff')),
      [],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('--base-config, --json, a removed route and a test file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gw-diff-'));
  try {
    const base = {
      upstreams: { users: 'http://127.0.0.1:9101', admin: 'http://127.0.0.1:9103' },
      routes: [
        { name: 'admin', match: { path: '/admin/**' }, upstream: 'admin', auth: false },
        { name: 'users', match: { path: '/users/**' }, upstream: 'users' },
      ],
    };
    const head = { ...base, routes: [base.routes[1]] };
    await writeFile(join(dir, 'base.json'), JSON.stringify(base));
    await writeFile(join(dir, 'gateway.config.json'), JSON.stringify(head));
    await writeFile(
      join(dir, 'recorded.gateway-test.yaml'),
      '- request: { method: DELETE, url: /admin/cache }\n  expect: { route: admin }\n',
    );
    const result = await run(dir, { baseConfig: 'base.json', json: true });
    assert.is(result.exitCode, 0, result.err);
    const doc = JSON.parse(result.out);
    assert.is(doc.base, 'base.json');
    assert.is(doc.changed, 2);
    assert.is(doc.groups.length, 1);
    assert.is(
      doc.groups[0].change,
      'route: admin → —; upstream: admin → —; path changed; auth: public → —; status: — → 404',
    );
    assert.equal(
      doc.groups[0].requests.map(
        (r: { method: string; url: string; source: string }) => `${r.method} ${r.url} ${r.source}`,
      ),
      ['DELETE /admin/cache recorded.gateway-test.yaml [0]', 'GET /admin sample of route "admin"'],
    );
    assert.equal(doc.groups[0].requests[0].after, {
      route: null,
      upstream: null,
      path: null,
      auth: null,
      status: 404,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('--base reads the files the config references at the ref too (a key file)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gw-diff-'));
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    await writeFile(
      join(dir, 'gateway.config.json'),
      JSON.stringify({
        upstreams: { admin: 'http://127.0.0.1:9103' },
        auth: { keys: { type: 'api-key', keys: [{ name: 'ops', key: { file: 'keys/ops.txt' } }] } },
        routes: [{ name: 'admin', match: { path: '/admin/**' }, upstream: 'admin', auth: 'keys' }],
        tests: [{ request: { url: '/admin/x', headers: { 'x-api-key': 'key-from-2025' } }, expect: {} }],
      }),
    );
    await mkdir(join(dir, 'keys'));
    await writeFile(join(dir, 'keys/ops.txt'), 'key-from-2025\n');
    git('add', '-A');
    git('commit', '-qm', 'keys');
    // The key is rotated in the working tree: the old key no longer gets in.
    await writeFile(join(dir, 'keys/ops.txt'), 'key-from-2026\n');
    const result = await run(dir, { json: true });
    assert.is(result.exitCode, 0, result.err);
    const doc = JSON.parse(result.out);
    assert.equal(
      doc.groups.map((g: { change: string; requests: unknown[] }) => [g.change, g.requests.length]),
      [['upstream: admin → —; path changed; auth: allow → deny; status: — → 401', 1]],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('exit 2: an unknown ref, a config that did not exist yet, both bases, a broken base', async () => {
  const dir = await repo();
  try {
    const unknown = await run(dir, { base: 'no-such-ref' });
    assert.is(unknown.exitCode, 2);
    assert.match(unknown.err, /--base no-such-ref: git does not know this ref/);
    await writeFile(join(dir, 'other.config.json'), '{"routes": []}');
    const missing = await run(dir, { config: 'other.config.json' });
    assert.is(missing.exitCode, 2);
    assert.match(missing.err, /other\.config\.json does not exist at HEAD/);
    const both = await run(dir, { base: 'HEAD', baseConfig: 'x.json' });
    assert.is(both.exitCode, 2);
    await writeFile(join(dir, 'broken.json'), '{"routes": [{"name": 1}]}');
    const broken = await run(dir, { baseConfig: 'broken.json' });
    assert.is(broken.exitCode, 2);
    assert.match(broken.err, /broken\.json/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('outside a git repository --base says how to compare instead', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gw-diff-'));
  try {
    await writeFile(join(dir, 'gateway.config.json'), '{"routes": []}');
    const result = await run(dir);
    assert.is(result.exitCode, 2);
    assert.match(result.err, /not in a git repository — use --base-config <file>/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
