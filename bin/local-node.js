// Node >= 22 for an entry point started on an older Node. It runs exactly when Node is too
// old, so it uses nothing newer than what every Node with ES modules (12+) has.
//
// A clone of gateway gets Node 24 in .tools/node from `npm install` (scripts/prepare.mjs)
// or `source scripts/use-node.sh`. An installed package has no .tools folder, so there the
// caller keeps its one-line refusal: nothing is ever downloaded behind a user's back.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The oldest Node major gateway runs on. */
export const MINIMUM_NODE_MAJOR = 22;

/** The folder, inside a clone, that the npm package `node@24` is installed into. */
export const LOCAL_NODE_DIR = join('.tools', 'node');

/** Where that package keeps the `node` binary, relative to the clone. */
export const LOCAL_NODE_BIN = join(LOCAL_NODE_DIR, 'node_modules', 'node', 'bin');

/** True when this process runs on a Node too old for gateway. */
export function isNodeTooOld() {
  return Number(process.versions.node.split('.')[0]) < MINIMUM_NODE_MAJOR;
}

/** The clone's local `node` binary under `root`, or undefined when there is none. */
export function findLocalNode(root) {
  const node = join(root, LOCAL_NODE_BIN, 'node');
  return existsSync(node) ? node : undefined;
}

/** `v24.21.0`: the version of the npm package `node` that holds the binary. */
export function localNodeVersion(root) {
  try {
    const manifest = join(root, LOCAL_NODE_DIR, 'node_modules', 'node', 'package.json');
    return `v${JSON.parse(readFileSync(manifest, 'utf8')).version}`;
  } catch (_error) {
    return '(unknown version)';
  }
}

/**
 * Re-runs this process's script under the clone's local Node when `root` has one: one line on
 * stderr names the Node it switched to, and this process exits with the child's status.
 * Returns false, having done nothing, when there is no local Node (the caller then refuses).
 * The local Node's folder goes first on the child's PATH, so whatever it starts as `node`
 * (tests spawning the CLI, npm scripts) runs on the same Node.
 */
export function switchToLocalNode(root, label) {
  const node = findLocalNode(root);
  if (node === undefined) return false;
  process.stderr.write(
    `${label}: Node ${process.version} is older than ${MINIMUM_NODE_MAJOR}; ` +
      `switching to Node ${localNodeVersion(root)} from ${LOCAL_NODE_DIR}\n`,
  );
  const env = Object.assign({}, process.env, {
    PATH: join(root, LOCAL_NODE_BIN) + delimiter + (process.env.PATH || ''),
  });
  const child = spawn(node, process.execArgv.concat(process.argv.slice(1)), { stdio: 'inherit', env });
  // Ctrl-C reaches the child from the terminal itself (same process group); passing SIGINT on
  // too would make it a second one, which ends `gateway dev` before its graceful stop.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('error', (error) => {
    process.stderr.write(`${label}: cannot start ${node}: ${error.message}\n`);
    process.exit(2);
  });
  child.on('exit', (code, signal) => {
    if (signal === null) process.exit(code === null ? 1 : code);
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
  return true;
}
