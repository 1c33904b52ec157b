#!/usr/bin/env node
// Written for every Node version: it must be able to say "too old" on any of them.
import nodeModule from 'node:module';
import { fileURLToPath } from 'node:url';
import { isNodeTooOld, MINIMUM_NODE_MAJOR, switchToLocalNode } from './local-node.js';

/** V8's young generation size (MB per semi-space) for `gateway dev`; see restartWithDevHeapFlags. */
const DEV_SEMI_SPACE = '--max-semi-space-size=16';

if (!isNodeTooOld()) start();
else if (!switchToLocalNode(fileURLToPath(new URL('..', import.meta.url)), 'gateway')) {
  process.stderr.write(
    'gateway needs Node.js ' +
      MINIMUM_NODE_MAJOR +
      ' or newer; this is Node ' +
      process.version +
      '. Install Node 22+ (https://nodejs.org, nvm install 24), or in a clone of gateway run `npm install`.\n',
  );
  process.exit(2);
}

function start() {
  restartWithDevHeapFlags();
  // V8's on-disk code cache (Node >= 22.1) cuts start-up after the first run; it lives in the
  // OS temp folder, and NODE_DISABLE_COMPILE_CACHE=1 turns it off.
  if (nodeModule.enableCompileCache) nodeModule.enableCompileCache();
  import('../dist/cli.js').then(
    (cli) => cli.main(process.argv),
    (error) => {
      if (
        error &&
        error.code === 'ERR_MODULE_NOT_FOUND' &&
        String(error.message).indexOf('dist/cli.js') !== -1
      ) {
        process.stderr.write(
          'gateway is not built yet: run `npm run build` (npm install does it for you).\n',
        );
        process.exit(2);
      }
      throw error;
    },
  );
}

/**
 * `gateway dev` is a long-running server: under steady load V8 grows its young generation to
 * 64 MB per semi-space (128 MB resident, most of it garbage between scavenges), which took the
 * gateway from ~145 to 170 MB of RSS within seconds (docs/performance.md). A 16 MB semi-space
 * keeps the young generation at 32 MB, within the noise of the bench's CPU per request. V8 reads
 * the size only at start-up, so `dev` re-executes itself in the same process (`process.execve`,
 * Node >= 22.15 on POSIX; same pid, same stdio) with the flag first — unless the user chose a
 * size (execArgv, NODE_OPTIONS) or set GATEWAY_NODE_FLAGS=0.
 */
function restartWithDevHeapFlags() {
  const command = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
  if (command !== 'dev' || typeof process.execve !== 'function') return;
  if (process.env.GATEWAY_NODE_FLAGS === '0') return;
  const given = process.execArgv.concat((process.env.NODE_OPTIONS || '').split(/\s+/));
  if (given.some((flag) => /^--(max-semi-space-size|max-heap-size|max_semi_space_size)/.test(flag))) return;
  try {
    process.execve(
      process.execPath,
      [process.execPath, DEV_SEMI_SPACE].concat(process.execArgv, process.argv.slice(1)),
      process.env,
    );
  } catch {
    // A platform without execve (Windows, IBM i): run with V8's default young generation.
  }
}
