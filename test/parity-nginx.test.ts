/**
 * Parity on the real nginx: the demo config exported, nginx started on a free loopback port in
 * front of the fixture services (free ports too), and the config's own cases sent with
 * `gateway test --live --target`. Every case the exporter did not report unsupported passes.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ENGINES } from '../scripts/parity/engines.js';
import { runParity } from '../scripts/parity/harness.js';
import {
  parityCheck,
  probeCorsAndWebSocket,
  probeEncodedSlashes,
  probeForwardAuth,
} from './parity-support.js';

test('nginx: every supported case of the demo config passes through the exported nginx', async () => {
  const result = await runParity(ENGINES.find((e) => e.name === 'nginx')!, {
    probe: async (base) => [
      ...(await probeCorsAndWebSocket(base)),
      ...(await probeEncodedSlashes(base)),
      ...(await probeForwardAuth(base)),
    ],
  });
  parityCheck(result);
  assert.equal(result.probed, [], 'CORS, WebSocket, encoded slashes and forward auth through the engine');
  // JWT (3 cases: nginx answers 401, fail closed), transcoding (3) gateway's own trace context (2), its 405 for a wrong method and its 400 for a path it will not normalize are the reported gaps.
  // The routes whose redirect, split, mirror, fault, rate limit or mock the exporter does not
  // carry over yet (10 cases) are reported gaps too, never silently different answers.
  assert.is(result.unsupported.length, 21, JSON.stringify(result.unsupported, null, 2));
  assert.ok(result.results.length - result.unsupported.length >= 10);
});

test.run();
