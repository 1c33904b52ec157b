/**
 * `gateway export nginx`: the example config becomes an nginx.conf that the real nginx accepts
 * (`nginx -t`), with findings exactly where nginx OSS falls short, and the pieces each feature
 * needs (dispatch maps in first-match order, balancers, auth, rewrites).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ENGINES } from '../scripts/parity/engines.js';
import { errorLines, exportFile, exportObject, findingLines } from './export-support.js';

const NGINX = '/usr/sbin/nginx';

test('the example config: findings for JWT, transcoding, fault delays, OpenAPI mocks — nothing else', async () => {
  const result = await exportFile('nginx', 'gateway.config.example.ts');
  assert.equal(errorLines(result).sort(), [
    'routes[10] export/unsupported',
    'routes[11] export/unsupported',
    'routes[19].fault.delay export/unsupported',
    'routes[21].mock export/unsupported',
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
  // What the newer route features became, and what is only approximated.
  assert.equal(
    findingLines(result).filter(
      (line) => /routes\[(1[5-9]|2[0-3])\]/.test(line) && !line.includes('methodNotAllowed'),
    ),
    [
      'routes[19].fault.delay export/unsupported',
      'routes[19].fault.headers export/approximate',
      'routes[20].rateLimit export/approximate',
      'routes[20].rateLimit.key export/approximate',
      'routes[21].mock export/unsupported',
      'routes[22].mock export/approximate',
      'routes[23].mock export/approximate',
    ],
  );
  assert.ok(
    conf.includes("return 308 'https://gateway.dev${gw_r15_location}${is_args}${args}';"),
    'redirect',
  );
  assert.ok(conf.includes(`"~^/docs/(.+)$" '/guide/$1';`), 'the ** rest moves under the new prefix');
  assert.ok(conf.includes('split_clients "${request_id}split" $gw_r16_drawn {\n    90% s0;\n    * s1;\n  }'));
  assert.ok(
    conf.includes('map $http_x_canary $gw_r16_pinned {\n    "~^orders$" s0;\n    "~^orders-v2$" s1;'),
  );
  assert.ok(conf.includes('rewrite ^/__gateway/r16/(.*)$ /__gateway/r16_$gw_side/$1 last;'));
  assert.ok(locationBody(conf, 'r16_s1').includes('proxy_pass http://gw_orders_v2;'), 'the canary side');
  assert.ok(conf.includes('mirror /__gateway/mirror/r17;'), 'mirror');
  assert.ok(conf.includes('location = /__gateway/mirror/r17 {'));
  assert.ok(conf.includes('proxy_hide_header x-powered-by;'), 'responseHeaders.remove');
  assert.ok(conf.includes("add_header cache-control 'no-store' always;"), 'responseHeaders.set');
  assert.ok(conf.includes('limit_req_zone $gw_r20_limit_key zone=gw_r20:10m rate=1r/s;'), 'rate limit');
  assert.ok(
    conf.includes(
      'map $gw_key_apiKey $gw_r20_limit_key { "" "ip:$binary_remote_addr"; default "k:$gw_key_apiKey"; }',
    ),
  );
  assert.ok(
    conf.includes('limit_req zone=gw_r20 burst=4 nodelay;'),
    "gateway's bucket of 5 is nginx's burst 4 + 1",
  );
  // The same RateLimit-Policy gateway sends (src/pipeline/rate-limit/fields.ts).
  assert.ok(conf.includes(`add_header RateLimit-Policy '"quota";q=60;w=60' always;`));
  assert.ok(
    conf.includes('split_clients "${request_id}abort" $gw_r19_abort { 20% 503; * ""; }'),
    'abort 20%',
  );
  assert.match(
    conf,
    /if \(\$gw_r19_fault_asked = 503\) \{ return 503 '\{"type":"urn:gateway:fault-injected"/,
  );
  assert.ok(
    conf.includes(`return 200 '{"id":"\${gw_r22_param_id}","name":"Ada","lang":"\${arg_lang}"}';`),
    'mock template',
  );
  assert.ok(conf.includes('map $uri $gw_r22_param_id { "~^/mock/users/([^/]+)$" $1; default ""; }'));
  assert.ok(locationBody(conf, 'r23').includes("return 503 '';"), 'the first answer of the sequence');
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

test('rewrite.host: a literal Host wins over a header edit; { target: true } sends the target host', async () => {
  const result = await exportObject('nginx', {
    upstreams: { app: 'http://127.0.0.1:4999' },
    routes: [
      {
        name: 'hosted',
        match: { path: '/h/**' },
        upstream: 'app',
        rewrite: { host: 'api.internal', headers: { set: { host: 'lost.example' } } },
      },
      { name: 'targeted', match: { path: '/t/**' }, upstream: 'app', rewrite: { host: { target: true } } },
    ],
  });
  assert.equal(errorLines(result), []);
  const conf = result.files[0]!.content;
  assert.match(locationBody(conf, 'r0'), "proxy_set_header host 'api.internal';");
  assert.not.match(locationBody(conf, 'r0'), 'lost.example');
  assert.match(locationBody(conf, 'r1'), 'proxy_set_header host 127.0.0.1:4999;');
  await nginxAccepts(result.files);
});

/** The text of a route's internal location. */
function locationBody(conf: string, key: string): string {
  const start = conf.indexOf(`location ^~ /__gateway/${key}/ {`);
  assert.ok(start >= 0, `no location for ${key}`);
  return conf.slice(start, conf.indexOf('\n    }\n', start));
}

/** Writes an export into a temp folder and runs `nginx -t` on it. */
async function nginxAccepts(files: readonly { name: string; content: string }[]): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'gateway-nginx-t-'));
  try {
    for (const file of files) await writeFile(join(dir, file.name), file.content);
    const check = await ENGINES.find((e) => e.name === 'nginx')!.check(dir);
    assert.ok(check.ok, check.output);
    assert.not.match(check.output, /\[warn\]/, check.output);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('redirects: every path kind, scheme, host and port, stripQuery; nginx -t accepts them', async () => {
  const result = await exportObject('nginx', {
    routes: [
      { name: 'https', match: { path: '/a/**' }, redirect: { scheme: 'https', status: 301 } },
      { name: 'host', match: { path: '/b' }, redirect: { host: 'new.example', stripQuery: true } },
      { name: 'port', match: { path: '/c' }, redirect: { port: 8443 } },
      { name: 'template', match: { path: '/users/:id' }, redirect: { path: '/people/:id', status: 307 } },
      { name: 'bytes', match: { prefix: '/v1' }, redirect: { prefix: '/v2/', status: 308 } },
      {
        name: 'regex',
        match: { path: '/old/**' },
        redirect: { regex: { pattern: '^/old/(\\w+)', replacement: '/new/$1' }, status: 303 },
      },
      {
        name: 'global',
        match: { path: '/g/**' },
        redirect: { regex: { pattern: 'x', replacement: 'y', flags: 'g' } },
      },
    ],
  });
  assert.equal(errorLines(result), ['routes[6].redirect.regex export/unsupported']);
  const conf = result.files[0]!.content;
  assert.ok(
    conf.includes("return 301 'https://${host}${gw_redirect_path}${is_args}${args}';"),
    'scheme: its port',
  );
  assert.ok(
    conf.includes("return 302 '${scheme}://new.example${gw_request_port}${gw_redirect_path}';"),
    'host',
  );
  assert.ok(
    conf.includes("return 302 '${scheme}://${host}${gw_r2_port}${gw_redirect_path}${is_args}${args}';"),
  );
  assert.ok(conf.includes('map $scheme $gw_r2_port {  default ":8443"; }'));
  assert.ok(conf.includes(`"~^/users/([^/]+)$" '/people/$1';`), 'template');
  assert.ok(
    conf.includes(`"~^/v1/(.*)$" '/v2/$1';`) && conf.includes(`"~^/v1(.*)$" '/v2/$1';`),
    'byte prefix',
  );
  assert.ok(conf.includes(`(\\\\w+))(.*)$" '/new/$1$2';`), 'regex (first match, rest kept)');
  await nginxAccepts(result.files);
});

test('splits with a cookie pin, mirrors by percent, header-keyed rate limits, faults and mocks pass nginx -t', async () => {
  const result = await exportObject('nginx', {
    upstreams: { a: 'http://127.0.0.1:9', b: 'http://127.0.0.1:10', shadow: 'http://127.0.0.1:11/base' },
    routes: [
      {
        name: 'split',
        match: { path: '/s/**' },
        upstream: [
          { name: 'a', weight: 2 },
          { name: 'b', weight: 1 },
        ],
        pin: { cookie: 'gw-side' },
        rewrite: { stripPrefix: '/s', query: { set: { via: 'gw' } } },
        responseHeaders: { add: { vary: 'accept' }, remove: ['server'] },
        rateLimit: { requests: 100, per: '1h', burst: 10, key: { header: 'x-tenant' } },
      },
      {
        name: 'mirrored',
        match: { path: '/m/**' },
        upstream: 'a',
        mirror: { upstream: 'shadow', percent: 12.5, maxBody: '1kb' },
        fault: { abort: { status: 500, percent: 5 }, bandwidth: '64kbps' },
      },
      {
        name: 'mock',
        match: { path: '/mock' },
        mock: { status: 201, headers: { 'x-m': '{method}' }, body: 'made' },
      },
    ],
  });
  assert.equal(errorLines(result), []);
  assert.equal(
    findingLines(result).filter((l) => l.startsWith('routes')),
    [
      'routes[0].rateLimit export/approximate',
      'routes[0].responseHeaders export/approximate',
      'routes[2].mock export/approximate',
    ],
  );
  const conf = result.files[0]!.content;
  assert.ok(conf.includes('split_clients "${request_id}split" $gw_r0_drawn {\n    66.67% s0;\n    * s1;'));
  assert.ok(conf.includes('"~(?:^|;\\\\s*)gw-side=b(?:;|$)" s1;'), conf);
  assert.ok(
    conf.includes(
      `map $gw_r0_pinned $gw_r0_s1_cookie { "" 'gw-side=b; Path=/; HttpOnly; SameSite=Lax'; default ""; }`,
    ),
  );
  assert.ok(conf.includes('add_header Set-Cookie $gw_r0_s0_cookie always;'));
  assert.is(conf.match(/map \$args \$gw_r0_args0/g)?.length, 1, 'the sides share the query map');
  assert.ok(conf.includes("add_header vary 'accept' always;"), 'responseHeaders.add');
  assert.ok(
    conf.includes('limit_req_zone $gw_r0_limit_key zone=gw_r0:10m rate=2r/m;'),
    '100/h rounds to 2r/m',
  );
  assert.match(result.findings.find((f) => f.path === 'routes[0].rateLimit')!.message, /rounded to 2r\/m/);
  assert.ok(
    conf.includes(
      'map $http_x_tenant $gw_r0_limit_key { "" "ip:$binary_remote_addr"; default "h:$http_x_tenant"; }',
    ),
  );
  assert.ok(conf.includes('split_clients "${request_id}mirror" $gw_r1_mirror_drawn { 12.5% 1; * 0; }'));
  assert.ok(
    conf.includes('"~^\\|0*(1024|[0-9]{1,3}|10[0-1][0-9]{1}|102[0-3])$" 1;'),
    'bodies up to 1 KiB with a length',
  );
  assert.ok(
    conf.includes('proxy_pass http://gw_shadow/base$request_uri;'),
    "the copy keeps the upstream's base path",
  );
  assert.ok(conf.includes('split_clients "${request_id}abort" $gw_r1_abort { 5% 500; * ""; }'));
  assert.ok(conf.includes('limit_rate 8000;'), 'bandwidth 64kbps');
  assert.ok(conf.includes("add_header x-m '${request_method}' always;"));
  assert.ok(conf.includes("return 201 'made';"));
  await nginxAccepts(result.files);
});

test('behind Basic auth, a redirect and a mock answer only after nginx checked the credential', async () => {
  const port = await freePort();
  const result = await exportObject('nginx', {
    server: { host: '127.0.0.1', port },
    auth: {
      basic: {
        type: 'basic',
        // admin / demo-password (the example's user).
        users: [{ name: 'admin', hash: '$2y$10$Fl3ThPqMYPK8x5Gx68C4T.SujDQZ3gElFb9rNLDpK.XCR4RwR4FHq' }],
      },
    },
    routes: [
      { name: 'moved', match: { path: '/old/**' }, redirect: { prefix: '/new', status: 301 }, auth: 'basic' },
      { name: 'mocked', match: { path: '/mock' }, mock: { json: { ok: true } }, auth: 'basic' },
    ],
  });
  assert.equal(errorLines(result), []);
  assert.ok(result.files[0]!.content.includes('try_files /.gateway-answer-after-auth @gw_r0_answer;'));
  const dir = await mkdtemp(join(tmpdir(), 'gateway-nginx-auth-'));
  const nginx = ENGINES.find((e) => e.name === 'nginx')!;
  let running: Awaited<ReturnType<typeof nginx.start>> | undefined;
  try {
    for (const file of result.files) await writeFile(join(dir, file.name), file.content);
    running = await nginx.start(dir);
    const base = `http://127.0.0.1:${port}`;
    await waitFor(base);
    const credential = { authorization: `Basic ${Buffer.from('admin:demo-password').toString('base64')}` };
    const anonymous = await fetch(`${base}/old/a?x=1`, { redirect: 'manual' });
    await anonymous.text();
    assert.is(anonymous.status, 401, 'no redirect without the credential');
    const moved = await fetch(`${base}/old/a?x=1`, { redirect: 'manual', headers: credential });
    await moved.text();
    assert.is(moved.status, 301);
    assert.is(
      moved.headers.get('location'),
      `http://127.0.0.1:${port}/new/a?x=1`,
      'the port the client named',
    );
    const refused = await fetch(`${base}/mock`);
    await refused.text();
    assert.is(refused.status, 401);
    const mocked = await fetch(`${base}/mock`, { headers: credential });
    assert.equal(await mocked.json(), { ok: true });
    assert.is(mocked.headers.get('content-type'), 'application/json');
  } finally {
    await running?.stop();
    await rm(dir, { recursive: true, force: true });
  }
});

test('clientIp (geo, X-Forwarded-For from trusted proxies), grpc and sample conditions, on the real nginx', async () => {
  const port = await freePort();
  const result = await exportObject('nginx', {
    server: { host: '127.0.0.1', port, trustedProxies: ['loopback'] },
    routes: [
      { name: 'ten', match: { path: '/who', clientIp: ['10.0.0.0/8'] }, mock: { json: { route: 'ten' } } },
      {
        name: 'loop',
        match: { path: '/who', clientIp: ['127.0.0.0/8', '::1'] },
        mock: { json: { route: 'loop' } },
      },
      { name: 'grpc', match: { path: '/call', grpc: true }, mock: { json: { route: 'grpc' } } },
      { name: 'plain', match: { path: '/call', grpc: false }, mock: { json: { route: 'plain' } } },
      {
        name: 'beta',
        match: { path: '/beta', sample: { rate: 0.25, key: { header: 'x-user' } } },
        mock: { json: { route: 'beta' } },
      },
      {
        name: 'cookieBeta',
        match: { path: '/cbeta', sample: { rate: 0.5, key: { cookie: 'gw-user' } } },
        mock: { json: { route: 'cookieBeta' } },
      },
    ],
  });
  assert.equal(errorLines(result), []);
  assert.equal(
    findingLines(result).filter((l) => l.startsWith('routes')),
    ['routes[4].match.sample export/approximate', 'routes[5].match.sample export/approximate'],
  );
  const conf = result.files[0]!.content;
  assert.ok(
    conf.includes(
      'geo $gw_r0_ip { proxy 127.0.0.0/8; proxy ::1; proxy_recursive; default 0; 10.0.0.0/8 1; }',
    ),
    conf,
  );
  assert.ok(conf.includes('map $http_content_type $gw_r2_grpc { "~*^application/grpc" 1; default 0; }'));
  assert.ok(conf.includes('map $http_content_type $gw_r3_grpc { "~*^application/grpc" 0; default 1; }'));
  assert.ok(conf.includes('map $http_x_user $gw_r4_sample_key { "" $remote_addr; default $http_x_user; }'));
  assert.ok(conf.includes('split_clients "${gw_r4_sample_key}" $gw_r4_sample { 25% 1; * 0; }'));
  assert.ok(conf.includes('map "$gw_r0_path$gw_r0_ip$gw_plain_path" $gw_r0'));
  const dir = await mkdtemp(join(tmpdir(), 'gateway-nginx-client-'));
  const nginx = ENGINES.find((e) => e.name === 'nginx')!;
  let running: Awaited<ReturnType<typeof nginx.start>> | undefined;
  try {
    for (const file of result.files) await writeFile(join(dir, file.name), file.content);
    running = await nginx.start(dir);
    const base = `http://127.0.0.1:${port}`;
    await waitFor(base);
    const route = async (path: string, headers: Record<string, string> = {}) =>
      ((await (await fetch(`${base}${path}`, { headers })).json()) as { route?: string }).route;
    assert.is(await route('/who'), 'loop', 'a client on 127.0.0.1 is inside 127.0.0.0/8, not 10.0.0.0/8');
    assert.is(
      await route('/who', { 'x-forwarded-for': '10.1.2.3' }),
      'ten',
      'the hop a trusted proxy vouches for',
    );
    assert.is(
      await route('/who', { 'x-forwarded-for': '10.1.2.3, 127.0.0.5' }),
      'ten',
      'the last untrusted hop, as gateway',
    );
    assert.is(await route('/call', { 'content-type': 'application/grpc+proto' }), 'grpc');
    assert.is(await route('/call', { 'content-type': 'Application/GRPC' }), 'grpc', 'case-insensitive');
    assert.is(await route('/call', { 'content-type': 'application/json' }), 'plain');
    assert.is(await route('/call'), 'plain', 'no content type: not gRPC');
    // About a quarter of 200 callers are inside the sample, each always the same way.
    let inside = 0;
    for (let i = 0; i < 200; i++) {
      const answer = await fetch(`${base}/beta`, { headers: { 'x-user': `user-${i}` } });
      await answer.text();
      if (answer.status === 200) inside++;
    }
    assert.ok(inside > 25 && inside < 75, `${inside} of 200 inside a 25% sample`);
    // A cookie named with `-` is read from the Cookie header; each caller always lands the same way.
    const byCookie: boolean[] = [];
    for (let i = 0; i < 100; i++) {
      const answer = await fetch(`${base}/cbeta`, { headers: { cookie: `a=1; gw-user=u${i}; b=2` } });
      await answer.text();
      byCookie.push(answer.status === 200);
    }
    const cookieInside = byCookie.filter(Boolean).length;
    assert.ok(cookieInside > 25 && cookieInside < 75, `${cookieInside} of 100 inside a 50% sample`);
    const again = await fetch(`${base}/cbeta`, { headers: { cookie: 'gw-user=u3' } });
    await again.text();
    assert.is(again.status === 200, byCookie[3], 'the same cookie value, the same side');
  } finally {
    await running?.stop();
    await rm(dir, { recursive: true, force: true });
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Waits until the engine answers on `base` (at most 15 s). */
async function waitFor(base: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    try {
      await (await fetch(`${base}/`)).text();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`nothing answers on ${base}`);
}

test.run();
