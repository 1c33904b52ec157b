// `npm install` in a clone builds dist/ so `npx gateway` works at once. On a Node older than
// 22 it first installs Node 24 from the npm registry into .tools/node (the npm package
// `node@24`, as `source scripts/use-node.sh` does) and builds with that; bin/gateway.js and
// `npm test` then switch to it by themselves. Installed as a dependency (no src/), there is
// nothing to build and nothing is downloaded.
//
// Everything goes to stderr: `npm pack` (which pre-commit runs, reading the tarball's name
// from stdout) runs this script too.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import {
  findLocalNode,
  isNodeTooOld,
  LOCAL_NODE_BIN,
  LOCAL_NODE_DIR,
  localNodeVersion,
} from '../bin/local-node.js';

const root = process.cwd();
if (!existsSync('src') || !existsSync('node_modules/typescript')) process.exit(0);

const toStderr = { stdio: ['ignore', process.stderr, process.stderr] };
let env = process.env;
let node = process.execPath;
if (isNodeTooOld()) {
  node = findLocalNode(root) ?? installLocalNode();
  if (node === undefined) process.exit(1);
  env = { ...process.env, PATH: join(root, LOCAL_NODE_BIN) + delimiter + process.env.PATH };
}
// `npm_execpath` is the npm that runs this script; run it on the chosen Node.
const npm = process.env.npm_execpath;
if (npm) execFileSync(node, [npm, 'run', '--silent', 'build'], { ...toStderr, env });
else execFileSync('npm', ['run', '--silent', 'build'], { ...toStderr, env });

/** `npm install node@24` into .tools/node; the binary's path, or undefined (said why) on failure. */
function installLocalNode() {
  mkdirSync(LOCAL_NODE_DIR, { recursive: true });
  try {
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        LOCAL_NODE_DIR,
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        'node@24',
      ],
      { stdio: ['ignore', 'ignore', process.stderr] }, // npm's "added 2 packages" is noise here
    );
  } catch {
    console.error(
      `gateway: Node ${process.version} is older than 22 and installing node@24 into ${LOCAL_NODE_DIR} failed (above)`,
    );
    return undefined;
  }
  console.error(
    `gateway: Node ${process.version} is older than 22; installed Node ${localNodeVersion(root)} from the npm registry into ${LOCAL_NODE_DIR} and building with it`,
  );
  return findLocalNode(root);
}
