/**
 * The hooks in .pre-commit-hooks.yaml under the real pre-commit framework (Debian's `pre-commit`;
 * CI installs it): a scratch git repository whose .pre-commit-config.yaml points at a clone of
 * this repository at its HEAD commit, `language: node` with `language_version: system`. pre-commit
 * installs the hooks as it would for a user (`npm install` in its clone, `npm pack`, whose stdout
 * must be the tarball's name alone, then `npm install -g` of that tarball), then
 * `pre-commit run --all-files` rejects a config with an unknown upstream and passes a clean one.
 * Tests the last commit, not uncommitted changes. The install takes a minute or two.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'gw-pre-commit-'));
const clone = join(scratch, 'gateway');
const project = join(scratch, 'project');
const nodeBin = join(scratch, 'node-bin');

/** pre-commit's environment: its own cache, and this Node (≥ 22) as the "system" one. */
const env = {
  ...process.env,
  PRE_COMMIT_HOME: join(scratch, 'pre-commit-home'),
  // nodeenv's `system` Node is the first `nodejs`, else `node`, on PATH.
  PATH: `${nodeBin}${delimiter}${process.env.PATH}`,
  NO_COLOR: '1',
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function preCommit() {
  return spawnSync('pre-commit', ['run', '--all-files', '--color', 'never'], {
    cwd: project,
    env,
    encoding: 'utf8',
  });
}

function writeConfig(upstream: string): void {
  const config = {
    upstreams: { api: 'http://127.0.0.1:9' },
    routes: [{ name: 'x', match: { path: '/x' }, upstream }],
    tests: [{ name: 'x goes to api', request: { method: 'GET', url: '/x' }, expect: { upstream: 'api' } }],
  };
  writeFileSync(join(project, 'gateway.config.json'), `${JSON.stringify(config, null, 2)}\n`);
  git(project, 'add', '-A');
}

test.before(() => {
  const found = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  if (found.status !== 0)
    throw new Error('pre-commit is not installed: `apt-get install pre-commit` (.ci/run does it as root)');
  mkdirSync(nodeBin);
  for (const name of ['node', 'nodejs']) symlinkSync(process.execPath, join(nodeBin, name));
  git(scratch, 'clone', '--quiet', ROOT, clone);
  const rev = git(ROOT, 'rev-parse', 'HEAD').trim();
  mkdirSync(project);
  git(project, 'init', '--quiet');
  writeFileSync(
    join(project, '.pre-commit-config.yaml'),
    [
      'repos:',
      `  - repo: ${clone}`,
      `    rev: ${rev}`,
      '    hooks:',
      '      - id: gateway-lint',
      '        language_version: system',
      '      - id: gateway-test',
      '        language_version: system',
      '',
    ].join('\n'),
  );
});

test.after(() => {
  rmSync(scratch, { recursive: true, force: true });
});

test('pre-commit installs the hooks; gateway lint rejects an unknown upstream', () => {
  writeConfig('apii');
  const run = preCommit();
  const output = run.stdout + run.stderr;
  assert.is(run.status, 1, output);
  assert.match(output, /gateway lint\.+Failed/);
  assert.match(output, /routes\[0\]\.upstream: upstream "apii" is not defined.*upstream\/unknown/);
  assert.not.match(output, /seems to be corrupted|An unexpected error has occurred/);
});

test('a clean config passes gateway lint and gateway test', () => {
  writeConfig('api');
  const run = preCommit();
  const output = run.stdout + run.stderr;
  assert.is(run.status, 0, output);
  assert.match(output, /gateway lint\.+Passed/);
  assert.match(output, /gateway test\.+Passed/);
});

test.run();
