/** `gateway export haproxy`: `haproxy -c` accepts the example's export; findings only where HAProxy falls short. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ENGINES } from '../scripts/parity/engines.js';
import { errorLines, exportFile } from './export-support.js';
import { assertInstalled } from './parity-support.js';

test('the example config: haproxy -c accepts it; JWT, forward auth, transcoding, mirrors, delays and OpenAPI mocks are findings', async () => {
  const result = await exportFile('haproxy', 'gateway.config.example.ts');
  assert.equal(errorLines(result).sort(), [
    'routes[10] export/unsupported',
    'routes[11] export/unsupported',
    'routes[17].mirror export/unsupported',
    'routes[18].auth export/unsupported',
    'routes[19].fault.delay export/unsupported',
    'routes[21].mock.openapi export/unsupported',
    'routes[24] export/unsupported',
    'routes[6].auth export/unsupported',
    'routes[7].auth export/unsupported',
    'routes[8].auth export/unsupported',
    'routes[9] export/unsupported',
  ]);
  const warnings = result.findings.filter((f) => f.severity === 'warn').map((f) => f.path);
  for (const path of ['routes[19].fault.headers', 'routes[20].rateLimit', 'routes[22].mock.latency'])
    assert.ok(warnings.includes(path), path);
  const cfg = result.files[0]!.content;
  assert.ok(cfg.includes('balance hdr(x-tenant)\n  hash-type consistent'));
  assert.ok(cfg.includes('balance random(2)\n  cookie gw-users insert indirect nocache'));
  assert.ok(cfg.includes('option httpchk GET /healthz'));
  // A redirect's Location from the `**` rest; the split's side picked in the frontend, pin first.
  assert.ok(
    cfg.includes(
      `http-request set-var(txn.gw_rest) 'path,regsub("^/docs(?:/(.*))?$","/\\1"),regsub("^/$","")'\n  http-request set-var-fmt(txn.gw_location) 'https://gateway.dev/guide%[var(txn.gw_rest)]'`,
    ),
  );
  assert.ok(cfg.includes("redirect location '%[var(txn.gw_location)]' code 308"));
  assert.ok(
    cfg.includes(
      "http-request set-var(txn.gw_r16_side) req.hdr(x-canary) if { req.hdr(x-canary) -m str 'orders' 'orders-v2' }",
    ),
  );
  assert.ok(cfg.includes('{ var(txn.gw_r16_roll) -m int lt 90 }'));
  assert.ok(
    cfg.includes(
      "use_backend r16_1 if r16_path r16_method !gw_encoded_slash { var(txn.gw_r16_side) -m str 'orders-v2' }",
    ),
  );
  // A byte prefix natively; the route's response header edits on forwarded answers.
  assert.ok(cfg.includes("acl r17_path path,url_dec -m beg '/shadow/orders'"));
  assert.ok(
    cfg.includes(
      "http-response del-header x-powered-by\n  http-response set-header cache-control 'no-store'",
    ),
  );
  // The rate limit: gateway's bucket name as the key, a 5-request window of 5 s, the policy field.
  assert.ok(cfg.includes("set-var-fmt(txn.gw_rlk) 'api-key demo-client' if { req.hdr(x-api-key) -m str"));
  assert.ok(cfg.includes('store http_req_rate(5000ms)'));
  assert.ok(cfg.includes('if { sc_http_req_rate(0) gt 5 }'));
  assert.ok(
    cfg.includes(
      `http-after-response set-header ratelimit-policy '"quota";q=60;w=60' if { var(txn.gw_rl) -m bool }`,
    ),
  );
  // Aborts: asked for by header, drawn at 20%.
  assert.ok(cfg.includes('if { req.hdr(x-gateway-fault-abort) -m str 503 }'));
  assert.ok(cfg.includes('if { rand(100) lt 20 }'));
  // Mocks: a template filled by HAProxy, a sequence counted in a stick table.
  assert.ok(
    cfg.includes(
      `lf-string '{"id":"%[path,url_dec,regsub("^/mock/users/([^/]+)$","\\1"),json]","name":"Ada"`,
    ),
  );
  assert.ok(
    cfg.includes(
      'set-var(txn.gw_answer) sc_inc_gpc0(1),sub(1)\n  http-request return status 503 if { var(txn.gw_answer) -m int eq 0 }',
    ),
  );
  const order = [...cfg.matchAll(/use_backend (r\d+)/g)].map((m) => m[1]);
  assert.equal(
    order,
    order.slice().sort((a, b) => Number(a!.slice(1)) - Number(b!.slice(1))),
    'use_backend in evaluation order',
  );

  const haproxy = ENGINES.find((e) => e.name === 'haproxy')!;
  assertInstalled(haproxy.binary);
  const dir = await mkdtemp(join(tmpdir(), 'gateway-haproxy-c-'));
  try {
    await writeFile(join(dir, 'haproxy.cfg'), cfg);
    const check = await haproxy.check(dir);
    assert.ok(check.ok, check.output);
    assert.not.match(check.output, /WARNING/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
