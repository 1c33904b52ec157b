/**
 * `gateway export nginx`: the example config becomes an nginx.conf that the real nginx accepts
 * (`nginx -t`), with findings exactly where nginx OSS falls short, and the pieces each feature
 * needs (dispatch maps in first-match order, balancers, auth, rewrites).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ENGINES } from '../scripts/parity/engines.js';
import { errorLines, exportFile, exportObject } from './export-support.js';

const NGINX = '/usr/sbin/nginx';

test('the example config: findings for JWT, transcoding, active health, sticky cookies — nothing else', async () => {
  const result = await exportFile('nginx', 'gateway.config.example.ts');
  assert.equal(errorLines(result).sort(), [
    'routes[10] export/unsupported',
    'routes[11] export/unsupported',
    'routes[15].redirect export/unsupported',
    'routes[16].split export/unsupported',
    'routes[17].mirror export/unsupported',
    'routes[17].responseHeaders export/unsupported',
    'routes[19].fault export/unsupported',
    'routes[20].rateLimit export/unsupported',
    'routes[21].mock export/unsupported',
    'routes[22].mock export/unsupported',
    'routes[23].mock export/unsupported',
    'routes[24] export/unsupported',
    'routes[6].auth export/unsupported',
    'routes[7].auth export/unsupported',
    'routes[8].auth export/unsupported',
    'routes[9] export/unsupported',
  ]);
  const conf = result.files.find((f) => f.name === 'nginx.conf')!.content;
  // Every finding is a comment in the file.
  assert.is(conf.match(/gateway export: left out/g)?.length, result.findings.length);
  assert.ok(conf.includes('hash $http_x_tenant consistent;'));
  assert.ok(conf.includes('random two least_conn;'));
  assert.ok(conf.includes('server 127.0.0.1:4201 weight=3 max_fails=5 fail_timeout=30s'));
  assert.ok(conf.includes('auth_request /__gateway/auth/authService;'));
  assert.ok(conf.includes('auth_basic_user_file htpasswd-basic;'));
  assert.ok(conf.includes('"~^demo-key-7f3c9a1e5b2d4f60$" \'demo-client\';'), 'API keys are a map');
  const htpasswd = result.files.find((f) => f.name === 'htpasswd-basic')!.content;
  assert.match(htpasswd, /^admin:\$2y\$10\$/);
});

test('first match: the dispatch map lists routes in evaluation order (priority first)', async () => {
  const result = await exportFile('nginx', 'gateway.config.example.ts');
  const conf = result.files[0]!.content;
  const order = [...conf.matchAll(/^ {2}# route "([^"]+)"/gm)].map((m) => m[1]);
  assert.is(order[0], 'health', 'priority 10 comes first');
  assert.is(order.indexOf('tenant-users') < order.indexOf('users'), true);
  assert.match(conf, /"~\^1" r0;\n\s+"~\^01" r1;/);
});

test('nginx -t accepts the exported example config', async () => {
  assert.ok(existsSync(NGINX), 'nginx is installed (.ci/run installs it: apt-get install -y nginx)');
  const dir = await mkdtemp(join(tmpdir(), 'gateway-nginx-t-'));
  try {
    const result = await exportFile('nginx', 'gateway.config.example.ts');
    for (const file of result.files) await writeFile(join(dir, file.name), file.content);
    const nginx = ENGINES.find((e) => e.name === 'nginx')!;
    const check = await nginx.check(dir);
    assert.ok(check.ok, check.output);
    assert.match(check.output, /test is successful/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('scrypt hashes and several providers are findings; the route answers 401 (fail closed)', async () => {
  const result = await exportObject('nginx', {
    upstreams: { app: 'http://127.0.0.1:9' },
    auth: {
      team: {
        type: 'basic',
        users: [
          {
            name: 'ann',
            hash: 'scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=',
          },
        ],
      },
      keys: { type: 'api-key', header: 'x-key', keys: [{ name: 'ci', key: 'k' }] },
    },
    routes: [
      { name: 'a', match: { path: '/a' }, upstream: 'app', auth: 'team' },
      { name: 'b', match: { path: '/b' }, upstream: 'app', auth: { providers: ['team', 'keys'] } },
    ],
  });
  assert.equal(errorLines(result), [
    'routes[1].auth export/unsupported',
    'auth.team.users[0].hash export/unsupported',
  ]);
  assert.match(
    result.files[0]!.content,
    /location \^~ \/__gateway\/r1\/ \{\n\s+internal;\n.*left out.*\n\s+return 401/,
  );
});

test('conditions: methods, hosts (wildcards), headers present/absent/exact/regex, query', async () => {
  const result = await exportObject('nginx', {
    upstreams: { app: 'http://127.0.0.1:9' },
    routes: [
      {
        name: 'all',
        match: {
          path: '/files/*.png',
          methods: ['GET'],
          host: ['*.example.com'],
          headers: { 'x-a': true, 'x-b': false, 'x-c': 'Exact', 'x-d': { regex: '^v[0-9]$' } },
          query: { q: 'one' },
        },
        upstream: 'app',
      },
    ],
  });
  assert.equal(errorLines(result), []);
  const conf = result.files[0]!.content;
  assert.ok(conf.includes('map $uri $gw_r0_path { "~^/files/[^/]*\\\\.png$" 1; default 0; }'), conf);
  assert.ok(conf.includes('map $host $gw_r0_host { "~*^.+\\\\.example\\\\.com$" 1; default 0; }'));
  assert.ok(conf.includes('map $http_x_a $gw_r0_h0 { "" 0; default 1; }'));
  assert.ok(conf.includes('map $http_x_b $gw_r0_h1 { "" 1; default 0; }'));
  assert.ok(conf.includes('map $http_x_c $gw_r0_h2 { "~^Exact$" 1; default 0; }'));
  assert.ok(conf.includes('map $arg_q $gw_r0_q0 { "~^one$" 1; default 0; }'));
  assert.ok(
    conf.includes(
      'map "$gw_r0_path$gw_r0_method$gw_r0_host$gw_r0_h0$gw_r0_h1$gw_r0_h2$gw_r0_h3$gw_r0_q0$gw_plain_path" $gw_r0',
    ),
  );
});

test.run();
