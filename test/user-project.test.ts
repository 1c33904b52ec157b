/**
 * gateway as a user's project gets it: the packed package (`npm pack`) installed with husky and
 * lint-staged into scratch projects.
 *
 * A user's config loads silently whatever the project's package type: the packed package
 * (`npm pack`) installed into a scratch project without `"type"` (npm's default, CommonJS) and
 * one with `"type": "module"`; `.ts`, `.mts`, `.js` and `.mjs` configs; `explain` and `lint`
 * through `npx`, `test` and `dev` through the installed bin (what npx runs, without npm's second
 * of start-up), each with nothing on stderr (Node's MODULE_TYPELESS_PACKAGE_JSON warning was
 * printed there before). One install serves both projects: the ESM one is a folder
 * inside the CommonJS one, its node_modules a link to the same install. Needs `dist/`.
 *
 * The husky + lint-staged recipe of docs/contributing.md: a commit whose config has an unknown
 * upstream is refused by `gateway lint`, and goes through once fixed.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'gw-silent-'));
const cjs = join(scratch, 'cjs');
const esm = join(cjs, 'esm');

const CONFIG = `import { defineConfig } from 'gateway';

export default defineConfig({
  upstreams: { api: 'http://127.0.0.1:9' },
  routes: [{ name: 'x', match: { path: '/x' }, upstream: 'api' }],
  tests: [{ name: 'x goes to api', request: { method: 'GET', url: '/x' }, expect: { route: 'x' } }],
});
`;

test.before(() => {
  // --ignore-scripts: pack the dist/ that is there; a rebuild would race a test run beside this one.
  const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', scratch], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
  mkdirSync(esm, { recursive: true });
  writeFileSync(join(cjs, 'package.json'), '{ "name": "cjs-project", "private": true }\n');
  writeFileSync(join(esm, 'package.json'), '{ "name": "esm-project", "private": true, "type": "module" }\n');
  execFileSync(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      '--save-dev',
      join(scratch, tarball),
      'husky@9',
      'lint-staged@17',
    ],
    { cwd: cjs, stdio: 'ignore' },
  );
  symlinkSync(join(cjs, 'node_modules'), join(esm, 'node_modules'), 'dir');
});

test.after(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** `npx gateway …` in `dir`; `--no`: never fetch anything when the local install is missing. */
function npx(dir: string, ...args: string[]) {
  return spawnSync('npx', ['--no', 'gateway', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

/** The installed `gateway` bin, run in `dir`. */
function bin(dir: string, ...args: string[]) {
  return spawnSync(join(dir, 'node_modules', '.bin', 'gateway'), args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

/** `gateway dev --no-ui --port 0` until it says it listens; resolves with its stderr so far. */
async function devStderr(dir: string): Promise<{ listening: boolean; stderr: string }> {
  const child: ChildProcess = spawn(
    join(dir, 'node_modules', '.bin', 'gateway'),
    ['dev', '--no-ui', '--port', '0'],
    {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const deadline = Date.now() + 30_000;
  while (!stdout.includes('gateway listening on') && child.exitCode === null && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  const listening = stdout.includes('gateway listening on');
  const exited = new Promise((resolve) => child.once('close', resolve));
  if (child.exitCode === null) child.kill('SIGTERM');
  await exited;
  return { listening, stderr };
}

for (const [kind, dir] of [
  ['CommonJS-type', cjs],
  ['ESM-type', esm],
] as const) {
  for (const extension of ['ts', 'mts', 'js', 'mjs']) {
    test(`${kind} project, gateway.config.${extension}: explain, lint, test (and dev) print no warning`, async () => {
      for (const old of readdirSync(dir).filter((name) => name.startsWith('gateway.config.')))
        rmSync(join(dir, old));
      writeFileSync(join(dir, `gateway.config.${extension}`), CONFIG);

      const explain = npx(dir, 'explain', 'GET', '/x');
      assert.is(explain.stderr, '', 'explain: nothing on stderr');
      assert.is(explain.status, 0, explain.stdout);
      assert.match(explain.stdout, /x/);

      const lint = npx(dir, 'lint');
      assert.is(lint.stderr, '', 'lint: nothing on stderr');
      assert.is(lint.status, 0, lint.stdout);

      const tested = bin(dir, 'test');
      assert.is(tested.stderr, '', 'test: nothing on stderr');
      assert.is(tested.status, 0, tested.stdout);
      assert.match(tested.stdout, /1 passed, 0 failed/);

      // dev loads the config as test does (tsx, then again on each change); once per extension.
      if (dir === cjs) {
        const dev = await devStderr(dir);
        assert.ok(dev.listening, dev.stderr);
        assert.is(dev.stderr, '', 'dev: nothing on stderr');
      }
    });
  }
}

function git(...args: string[]) {
  return spawnSync('git', args, { cwd: cjs, encoding: 'utf8' });
}

test('husky + lint-staged: gateway lint refuses a commit with an unknown upstream, then lets it through', () => {
  for (const old of readdirSync(cjs).filter((name) => name.startsWith('gateway.config.')))
    rmSync(join(cjs, old));
  rmSync(esm, { recursive: true, force: true });
  assert.is(git('init', '--quiet').status, 0);
  git('config', 'user.email', 'test@example.test');
  git('config', 'user.name', 'test');
  writeFileSync(join(cjs, '.gitignore'), 'node_modules\n');
  // The recipe, as docs/contributing.md gives it.
  const init = spawnSync('npx', ['--no', 'husky', 'init'], { cwd: cjs, encoding: 'utf8' });
  assert.is(init.status, 0, init.stderr);
  writeFileSync(join(cjs, '.husky', 'pre-commit'), 'npx lint-staged\n');
  writeFileSync(
    join(cjs, 'lint-staged.config.mjs'),
    "export default { 'gateway.config.*': () => 'gateway lint' };\n",
  );

  const config = (upstream: string) =>
    JSON.stringify({
      upstreams: { api: 'http://127.0.0.1:9' },
      routes: [{ name: 'x', match: { path: '/x' }, upstream }],
    });
  writeFileSync(join(cjs, 'gateway.config.json'), config('apii'));
  git('add', '-A');
  const refused = git('commit', '-m', 'a typo');
  assert.is.not(refused.status, 0, refused.stdout);
  assert.match(refused.stdout + refused.stderr, /upstream "apii" is not defined.*upstream\/unknown/);
  assert.is(git('rev-parse', '--verify', '--quiet', 'HEAD').status, 1, 'nothing was committed');

  writeFileSync(join(cjs, 'gateway.config.json'), config('api'));
  git('add', '-A');
  const accepted = git('commit', '-m', 'fixed');
  assert.is(accepted.status, 0, accepted.stdout + accepted.stderr);
  assert.is(git('rev-parse', '--verify', '--quiet', 'HEAD').status, 0);
});

test.run();
