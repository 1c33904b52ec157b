/**
 * bin/local-node.js: how `npx gateway` and `npm test`, started on a Node older than 22, carry on
 * under a clone's .tools/node. The switch itself does not look at the version (its callers do),
 * so it is run here on this Node, with a .tools/node whose binary is this Node too.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const LOCAL_NODE = pathToFileURL(join(process.cwd(), 'bin', 'local-node.js')).href;
// Plain JavaScript (it must run on any Node), so typed here.
const { findLocalNode, LOCAL_NODE_BIN, localNodeVersion } = (await import(LOCAL_NODE)) as {
  findLocalNode(root: string): string | undefined;
  LOCAL_NODE_BIN: string;
  localNodeVersion(root: string): string;
};

/** A clone-like folder; with `node`, a .tools/node holding the npm package `node@24.21.0`. */
function clone(withNode: boolean): string {
  const root = mkdtempSync(join(tmpdir(), 'gw-local-node-'));
  if (withNode) {
    mkdirSync(join(root, LOCAL_NODE_BIN), { recursive: true });
    symlinkSync(process.execPath, join(root, LOCAL_NODE_BIN, 'node'));
    writeFileSync(join(root, '.tools/node/node_modules/node/package.json'), '{ "version": "24.21.0" }');
  }
  return root;
}

/** A script that switches, and in the switched child reports its PATH, args and stdin-less exit. */
function runSwitch(root: string) {
  const script = join(root, 'entry.mjs');
  writeFileSync(
    script,
    `import { switchToLocalNode } from ${JSON.stringify(LOCAL_NODE)};
if (process.env.SWITCHED) {
  console.log(JSON.stringify({ path: process.env.PATH.split(${JSON.stringify(delimiter)})[0], args: process.argv.slice(2) }));
  process.exit(7);
}
process.env.SWITCHED = '1';
if (!switchToLocalNode(${JSON.stringify(root)}, 'demo')) { console.log('no local node'); process.exit(2); }
`,
  );
  return spawnSync(process.execPath, [script, 'explain', 'GET', '/x'], { encoding: 'utf8' });
}

test('no .tools/node: nothing to switch to, and the caller refuses', () => {
  const root = clone(false);
  assert.is(findLocalNode(root), undefined);
  const run = runSwitch(root);
  assert.is(run.status, 2);
  assert.is(run.stdout, 'no local node\n');
  assert.is(run.stderr, '');
  rmSync(root, { recursive: true });
});

test('with .tools/node: one stderr line, the same script and arguments, its exit code, its Node first on PATH', () => {
  const root = clone(true);
  assert.is(findLocalNode(root), join(root, LOCAL_NODE_BIN, 'node'));
  assert.is(localNodeVersion(root), 'v24.21.0');
  const run = runSwitch(root);
  assert.is(run.status, 7, run.stderr);
  assert.is(
    run.stderr,
    `demo: Node ${process.version} is older than 22; switching to Node v24.21.0 from .tools/node\n`,
  );
  assert.equal(JSON.parse(run.stdout), { path: join(root, LOCAL_NODE_BIN), args: ['explain', 'GET', '/x'] });
  rmSync(root, { recursive: true });
});

test.run();
