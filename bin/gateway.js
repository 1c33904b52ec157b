#!/usr/bin/env node
// Written for every Node version: it must be able to say "too old" on any of them.
import nodeModule from 'node:module';
import { fileURLToPath } from 'node:url';
import { isNodeTooOld, MINIMUM_NODE_MAJOR, switchToLocalNode } from './local-node.js';

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
