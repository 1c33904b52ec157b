/**
 * The OpenAPI parser is loaded only for configs that have an OpenAPI mock: `explain` and `lint`
 * of a config without one never import it. A resolve hook records what this process loads (each
 * test file runs in its own process, so nothing loaded it before).
 */
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { explain } from '../src/commands/explain.js';
import { lint } from '../src/commands/lint.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const loaded: string[] = [];
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier.includes('swagger-parser')) loaded.push(specifier);
    return nextResolve(specifier, context);
  },
});

const quiet = { write: () => undefined };
const io = { cwd: ROOT, stdout: quiet, stderr: quiet, env: { ...process.env, NO_COLOR: '1' }, color: false };

test('explain and lint of a config without an OpenAPI mock do not load the parser', async () => {
  await explain({ ...io, config: 'docs/examples/faults-and-limits.json', method: 'GET', url: '/flaky' });
  await lint({ ...io, config: 'docs/examples/faults-and-limits.json' });
  assert.equal(loaded, []);
});

test('a config with one loads it', async () => {
  await explain({ ...io, config: 'gateway.config.example.ts', method: 'GET', url: '/mock/pets/7' });
  assert.ok(loaded.length > 0);
});

test.run();
