/**
 * Parity on the real HAProxy: the demo config exported, HAProxy started on a free loopback port
 * in front of the fixture services, the config's own cases sent with `gateway test --live --target`.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ENGINES } from '../scripts/parity/engines.js';
import { runParity } from '../scripts/parity/harness.js';
import {
  assertInstalled,
  parityCheck,
  probeCorsAndWebSocket,
  probeEncodedSlashes,
} from './parity-support.js';

test('haproxy: every supported case of the demo config passes through the exported HAProxy', async () => {
  const haproxy = ENGINES.find((e) => e.name === 'haproxy')!;
  assertInstalled(haproxy.binary);
  const result = await runParity(haproxy, {
    probe: async (base) => [...(await probeCorsAndWebSocket(base)), ...(await probeEncodedSlashes(base))],
  });
  parityCheck(result);
  assert.equal(result.probed, [], 'CORS, WebSocket and encoded slashes through the engine');
  // JWT (3 cases, answered 401: fail closed), transcoding (3) gateway's own trace context (2), its 405 for a wrong method and its 400 for a path it will not normalize are the reported gaps.
  // The routes whose redirect, split, mirror, fault, rate limit or mock the exporter does not
  // carry over yet (10 cases) are reported gaps too, never silently different answers.
  assert.is(result.unsupported.length, 21, JSON.stringify(result.unsupported, null, 2));
});

test.run();
