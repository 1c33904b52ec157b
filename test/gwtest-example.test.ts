/** The example config's own route tests pass, statically and sent for real (what CI and the README promise). */
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runTests } from '../src/commands/test.js';

const root = fileURLToPath(new URL('..', import.meta.url));

async function run(live: boolean) {
  let out = '';
  const write = (s: string) => {
    out += s;
  };
  const result = await runTests({
    cwd: root,
    config: 'gateway.config.example.ts',
    files: [],
    // The demo services on free ports: a demo running beside the tests keeps its own.
    env: { GATEWAY_DEMO_PORTS: 'free' },
    color: false,
    stdout: { write },
    stderr: { write },
    coverage: true,
    live,
    demo: live,
  });
  return { result, out };
}

test('gateway test on gateway.config.example.ts passes without sending anything', async () => {
  const { result, out } = await run(false);
  assert.is(result.exitCode, 0, out);
  assert.ok((result.run?.results.length ?? 0) >= 10, out);
  assert.match(out, /route coverage: 20\/21/);
});

test('gateway test --live --demo sends every case through the real proxy to the fixture services', async () => {
  const { result, out } = await run(true);
  assert.is(result.exitCode, 0, out);
  assert.match(out, /27 passed, 0 failed \(27 cases, live/);
});

test.run();
