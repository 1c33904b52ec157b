/** `gateway export caddy`: `caddy validate` accepts the example's export; findings only where Caddy falls short. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ENGINES } from '../scripts/parity/engines.js';
import { exportFile } from './export-support.js';
import { assertInstalled } from './parity-support.js';

test('the example config: caddy validate accepts it; JWT and transcoding are left out', async () => {
  const result = await exportFile('caddy', 'gateway.config.example.ts');
  const errors = result.findings.filter((f) => f.severity === 'error').map((f) => f.path);
  assert.equal(errors.sort(), [
    'routes[10]',
    'routes[11]',
    'routes[15].redirect',
    'routes[16].split',
    'routes[17].mirror',
    'routes[17].responseHeaders',
    'routes[19].fault',
    'routes[20].rateLimit',
    'routes[21].mock',
    'routes[22].mock',
    'routes[23].mock',
    'routes[24]',
    'routes[6].auth',
    'routes[7].auth',
    'routes[8].auth',
    'routes[9]',
  ]);
  const file = result.files[0]!.content;
  assert.ok(file.includes('lb_policy header x-tenant'));
  assert.ok(file.includes('lb_policy cookie gw-users'));
  assert.ok(file.includes('forward_auth 127.0.0.1:4601 {'));
  assert.ok(file.includes('health_uri /healthz'));
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

test.run();
