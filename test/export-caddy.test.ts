/** `gateway export caddy`: `caddy validate` accepts the example's export; findings only where Caddy falls short. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ENGINES } from '../scripts/parity/engines.js';
import { errorLines, exportFile, exportObject } from './export-support.js';
import { assertInstalled } from './parity-support.js';

test('the example config: caddy validate accepts it; JWT, transcoding and what stock Caddy lacks are left out', async () => {
  const result = await exportFile('caddy', 'gateway.config.example.ts');
  const errors = result.findings.filter((f) => f.severity === 'error').map((f) => f.path);
  assert.equal(errors.sort(), [
    'routes[10]',
    'routes[11]',
    'routes[17].mirror',
    'routes[19].fault.delay',
    'routes[20].rateLimit',
    'routes[21].mock',
    'routes[24]',
    'routes[6].auth',
    'routes[7].auth',
    'routes[8].auth',
    'routes[9]',
  ]);
  const warnings = result.findings.filter(
    (f) => f.severity === 'warn' && /^routes\[(1[5-9]|2\d)\]\.(?!methodNotAllowed)/.test(f.path),
  );
  assert.equal(
    warnings.map((f) => `${f.path}: ${f.message}`),
    [
      'routes[19].fault.headers: x-gateway-fault-abort is honoured; x-gateway-fault-delay and x-gateway-fault-bandwidth are ignored (stock Caddy cannot wait or throttle)',
      'routes[22].mock: latency 50 ms: stock Caddy answers at once',
      'routes[22].mock: template values are inserted as the request has them, not JSON-escaped',
      'routes[23].mock: answers in turn (503, 503, 200): Caddy gives the first (503) to every request',
    ],
  );
  const message = (path: string) => result.findings.find((f) => f.path === path)?.message ?? '';
  assert.match(message('routes[20].rateLimit'), 'caddy-ratelimit');
  assert.match(message('routes[17].mirror'), 'no handler that sends a copy');
  assert.match(message('routes[21].mock'), 'OpenAPI document');
  assert.not.match(result.findings.map((f) => f.message).join('\n'), 'not exported to Caddy yet');
  const file = result.files[0]!.content;
  // The redirect: Location from the request target as sent, the rest of /docs/** after /guide.
  assert.ok(file.includes('"~^/docs(?:/(.*))?$" "/guide/${1}"'), '"~^/docs(?:/(.*))?$" "/guide/${1}"');
  assert.ok(
    file.includes('redir "https://gateway.dev{r15_location}{r15_query}" 308'),
    'redir "https://gateway.dev{r15_location}{r15_query}" 308',
  );
  // The split: the pin first, then 90:10 drawn from the request UUID (0xe666 of 0x10000).
  assert.ok(
    file.includes('@r16_pin1 header_regexp x-canary "^orders-v2$"'),
    '@r16_pin1 header_regexp x-canary "^orders-v2$"',
  );
  assert.ok(
    file.includes('reverse_proxy @r16_pin1 127.0.0.1:4211 {'),
    'reverse_proxy @r16_pin1 127.0.0.1:4211 {',
  );
  assert.ok(
    file.includes(
      '@r16_side0 vars_regexp roll_split {http.request.uuid} "^(?:[0-9a-d][0-9a-f]{3}|e[0-5][0-9a-f]{2}|e6[0-5][0-9a-f]|e66[0-5])"',
    ),
  );
  // Response header edits after the upstream answered: written add, set, remove (applied in reverse).
  assert.ok(
    file.includes(
      'header {\n          defer\n          cache-control "no-store"\n        }\n        header {\n          defer\n          -x-powered-by\n        }',
    ),
  );
  // Faults: the asked abort with the client's status, the drawn one on 20% (0x3333).
  assert.match(file, /respond @r19_fault_asked "[^\n]*" \{re\.fault_r19\.1\}/);
  assert.ok(
    file.includes(
      '@r19_fault_drawn vars_regexp roll_fault {http.request.uuid} "^[0-9a-f]{4}(?:[0-2][0-9a-f]{3}|3[0-2][0-9a-f]{2}|33[0-2][0-9a-f]|333[0-2])"',
    ),
  );
  // The mock: its first answer, templates as placeholders.
  assert.ok(
    file.includes(
      'respond "\\{\\"id\\":\\"{re.r22.1}\\",\\"name\\":\\"Ada\\",\\"lang\\":\\"{http.request.uri.query.lang}\\"\\}" 200',
    ),
  );
  assert.ok(file.includes('lb_policy header x-tenant'), 'lb_policy header x-tenant');
  assert.ok(file.includes('lb_policy cookie gw-users'), 'lb_policy cookie gw-users');
  assert.ok(file.includes('forward_auth 127.0.0.1:4601 {'), 'forward_auth 127.0.0.1:4601 {');
  assert.ok(file.includes('health_uri /healthz'), 'health_uri /healthz');
  const handles = [...file.matchAll(/handle @(r\d+) \{/g)].map((m) => Number(m[1]!.slice(1)));
  assert.equal(
    handles,
    handles.slice().sort((a, b) => a - b),
    'handles in evaluation order',
  );

  const caddy = ENGINES.find((e) => e.name === 'caddy')!;
  assertInstalled(caddy.binary);
  const dir = await mkdtemp(join(tmpdir(), 'gateway-caddy-validate-'));
  try {
    await writeFile(join(dir, 'Caddyfile'), file);
    const check = await caddy.check(dir);
    assert.ok(check.ok, check.output);
    assert.match(check.output, /Valid configuration/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('what stock Caddy cannot express is a finding with a comment at its place', async () => {
  const result = await exportObject('caddy', {
    upstreams: { a: 'http://127.0.0.1:4999', b: 'http://127.0.0.1:4998' },
    routes: [
      {
        name: 'every-match',
        match: { path: '/x/**' },
        redirect: { regex: { pattern: 'a', replacement: 'b', flags: 'g' } },
        auth: false,
      },
      {
        name: 'slow',
        match: { path: '/slow/**' },
        upstream: 'a',
        mirror: { upstream: 'b', percent: 10 },
        rateLimit: { requests: 10, per: '1s', key: { header: 'x-tenant' } },
        fault: { bandwidth: '64kbps' },
        auth: false,
      },
    ],
  });
  assert.equal(errorLines(result), [
    'routes[0].redirect.regex export/unsupported',
    'routes[1].rateLimit export/unsupported',
    'routes[1].mirror export/unsupported',
    'routes[1].fault.bandwidth export/unsupported',
  ]);
  const file = result.files[0]!.content;
  for (const finding of result.findings.filter((f) => f.severity === 'error'))
    assert.ok(file.includes(`# gateway export: left out — ${finding.message}`), finding.message);
  assert.match(result.findings[1]!.message, 'per header x-tenant');
  assert.match(result.findings[2]!.message, 'mirror to "b" (10% of requests)');
});

test.run();
