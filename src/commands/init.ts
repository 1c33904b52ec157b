import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { findConfigFile } from '../config/load.js';
import { colors } from '../format/color.js';
import type { CommandIO, CommandResult } from './io.js';

/** The file `init` writes. */
export const STARTER_FILE = 'gateway.config.ts';

/** Writes the starter config; exit 0, or 2 when a config already exists. */
export async function init(io: CommandIO): Promise<CommandResult> {
  const c = colors(io.color);
  const found = findConfigFile(io.cwd);
  if (found !== undefined) {
    const existing =
      basename(found) === 'package.json' ? 'package.json (its "gateway" key)' : basename(found);
    io.stderr.write(
      `${c.red('error')} ${existing} already exists here — gateway init never overwrites a config. ` +
        `Edit it, or run ${c.bold('gateway dev')} to use it.\n`,
    );
    return { exitCode: 2 };
  }
  await writeFile(join(io.cwd, STARTER_FILE), STARTER_CONFIG, { flag: 'wx' });
  io.stdout.write(
    [
      `${c.green('wrote')} ${STARTER_FILE}`,
      '',
      'Next:',
      `  1. point ${c.bold('upstreams.api')} at your service (it says http://127.0.0.1:3000)`,
      `  2. ${c.bold('npx gateway dev')}            run the proxy on http://127.0.0.1:8080 (reloads on save)`,
      `  3. ${c.bold('npx gateway explain GET /api/hello')}   see how a request is routed, without sending it`,
      `  4. ${c.bold('npx gateway lint')} and ${c.bold('npx gateway test')}   check the config and its route tests`,
      '',
    ].join('\n'),
  );
  return { exitCode: 0 };
}

const STARTER_CONFIG = `/**
 * gateway config — routes requests on your machine to your services.
 * Run \`npx gateway dev\`; saving this file reloads the routes instantly.
 * Every key has documentation and completion in your editor (hover it).
 */
import { defineConfig } from 'gateway';

export default defineConfig({
  server: {
    host: '127.0.0.1',
    port: 8080,
    // Allow a front end on Vite's default port to call the gateway from the browser.
    // cors: { origins: ['http://localhost:5173'] },
  },

  // Named pools of targets. A single URL is enough; list several to balance between them.
  upstreams: {
    api: 'http://127.0.0.1:3000',
    // api: {
    //   targets: ['http://127.0.0.1:3000', 'http://127.0.0.1:3001'],
    //   balancer: 'round-robin',
    //   health: { active: { path: '/healthz', interval: '5s' } },
    //   timeouts: { connect: '2s', response: '30s' },
    // },
  },

  // Ordered: the first route that matches wins.
  routes: [
    // The gateway's own health, for scripts and load balancers.
    { name: 'health', match: { path: '/health' }, respond: 'health', auth: false },
    // /api/hello → http://127.0.0.1:3000/hello
    { name: 'api', match: { path: '/api/**' }, upstream: 'api', rewrite: { stripPrefix: '/api' }, auth: false },
  ],

  // Route tests: \`npx gateway test\` checks them without sending anything.
  tests: [
    { request: { url: '/api/hello' }, expect: { route: 'api', upstream: 'api', path: '/hello' } },
    { request: { url: '/nope' }, expect: { route: null, status: 404 } },
  ],
});
`;
