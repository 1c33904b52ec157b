/** The assertions every engine's parity test makes. */
import { existsSync } from 'node:fs';
import * as assert from 'uvu/assert';
import type { ParityResult } from '../scripts/parity/harness.js';

/** The engine accepted its config, every case ran, and every supported case passed. */
export function parityCheck(result: ParityResult): void {
  assert.ok(result.check.ok, `the engine rejected the exported config:\n${result.check.output}`);
  assert.ok(result.results.length >= 16, result.report);
  assert.equal(
    result.failures.map((f) => f.case.name),
    [],
    `supported cases failed:\n${result.report}\nengine output:\n${result.engineOutput}`,
  );
}

/** The engine binary is there (`.ci/run` installs nginx, haproxy and caddy from Debian). */
export function assertInstalled(binary: string): void {
  assert.ok(existsSync(binary), `${binary} is missing: apt-get install -y nginx haproxy caddy`);
}
