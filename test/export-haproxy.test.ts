/** `gateway export haproxy`: `haproxy -c` accepts the example's export; findings only where HAProxy falls short. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ENGINES } from '../scripts/parity/engines.js';
import { errorLines, exportFile } from './export-support.js';
import { assertInstalled } from './parity-support.js';

test('the example config: haproxy -c accepts it; JWT, forward auth and transcoding are findings', async () => {
  const result = await exportFile('haproxy', 'gateway.config.example.ts');
  assert.equal(errorLines(result).sort(), [
    'routes[10] export/unsupported',
    'routes[11] export/unsupported',
    'routes[15].redirect export/unsupported',
    'routes[16].split export/unsupported',
    'routes[17].mirror export/unsupported',
    'routes[17].responseHeaders export/unsupported',
    'routes[18].auth export/unsupported',
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
  const cfg = result.files[0]!.content;
  assert.ok(cfg.includes('balance hdr(x-tenant)\n  hash-type consistent'));
  assert.ok(cfg.includes('balance random(2)\n  cookie gw-users insert indirect nocache'));
  assert.ok(cfg.includes('option httpchk GET /healthz'));
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
