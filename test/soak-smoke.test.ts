/**
 * A 30-second run of the soak (`npm run soak -- --minutes 10` is the real one): the gateway in
 * its own process under steady load, the config rewritten every 5 s (every fourth write invalid),
 * an `orders` instance killed and restarted every 10 s. Idempotent requests never fail (retries
 * and passive health absorb the kills); valid reloads apply, the invalid one is refused.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runSoak } from '../bench/soak/run.js';

test('soak, 30 s: no idempotent request fails; reloads applied and refused; kills absorbed', async () => {
  const figures = await runSoak({ seconds: 30, killEveryMs: 10_000, concurrency: 4 });
  console.log(
    `soak smoke: ${figures.sent} requests, ${figures.idempotentFailures} idempotent / ${figures.nonIdempotentFailures} non-idempotent failures, reloads ${figures.reloadsApplied} applied / ${figures.reloadsRefused} refused, ${figures.kills} kills, RSS ${figures.start.rssMiB.toFixed(0)} → ${figures.end.rssMiB.toFixed(0)} MiB, fds ${figures.start.openFds} → ${figures.end.openFds}`,
  );
  assert.ok(figures.sent > 100, `only ${figures.sent} requests`);
  assert.is(figures.idempotentFailures, 0, JSON.stringify(figures.failuresByCause));
  assert.ok(figures.kills >= 2, `${figures.kills} kills`);
  assert.ok(figures.reloadsApplied >= 3, `${figures.reloadsApplied} reloads applied`);
  assert.ok(figures.reloadsRefused >= 1, `${figures.reloadsRefused} reloads refused`);
});

test.run();
