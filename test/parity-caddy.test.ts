/**
 * Parity on the real Caddy: the demo config exported, Caddy started on a free loopback port
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
  probeForwardAuth,
} from './parity-support.js';

test('caddy: every supported case of the demo config passes through the exported Caddy', async () => {
  const caddy = ENGINES.find((e) => e.name === 'caddy')!;
  assertInstalled(caddy.binary);
  const result = await runParity(caddy, {
    probe: async (base) => [
      ...(await probeCorsAndWebSocket(base)),
      ...(await probeEncodedSlashes(base)),
      ...(await probeForwardAuth(base)),
    ],
  });
  parityCheck(result);
  assert.equal(result.probed, [], 'CORS, WebSocket, encoded slashes and forward auth through the engine');
  // JWT (3 cases, answered 401: fail closed), transcoding (3) gateway's own trace context (2), its 405 for a wrong method and its 400 for a path it will not normalize are the reported gaps.
  // The routes whose redirect, split, mirror, fault, rate limit or mock the exporter does not
  // carry over yet (10 cases) are reported gaps too, never silently different answers.
  assert.is(result.unsupported.length, 21, JSON.stringify(result.unsupported, null, 2));
});

test.run();
