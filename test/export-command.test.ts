/** `gateway export` as a command: files, stdout, findings in lint's format, exit codes. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exportConfig } from '../src/commands/export.js';
import { ROOT } from './export-support.js';

async function run(args: {
  engine: string;
  config: string;
  out?: string;
  allowPartial?: boolean;
  cwd?: string;
}) {
  let stdout = '';
  let stderr = '';
  const result = await exportConfig({
    cwd: args.cwd ?? ROOT,
    env: {},
    color: false,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    ...args,
  });
  return { exitCode: result.exitCode, stdout, stderr };
}

test('findings: exit 1 with lint-style lines (file:line:col, key path, rule); --allow-partial: exit 0', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gateway-export-cmd-'));
  try {
    const failing = await run({ engine: 'nginx', config: 'gateway.config.example.ts', out: dir });
    assert.is(failing.exitCode, 1);
    assert.match(failing.stderr, /\d+:7 +error {2}routes\[6\]\.auth: JWT \("jwt"\)/);
    assert.match(failing.stderr, /export\/unsupported/);
    // The summary counts exactly the error lines printed above it.
    const errors = Number(/✖ \d+ problems \((\d+) errors, \d+ warnings\)/.exec(failing.stderr)?.[1]);
    assert.ok(errors > 0);
    assert.is(failing.stderr.match(/^ +\d+:\d+ +error /gm)?.length, errors);
    assert.match(await readFile(join(dir, 'nginx.conf'), 'utf8'), /^# Exported by `gateway export nginx`/);
    const partial = await run({
      engine: 'nginx',
      config: 'gateway.config.example.ts',
      out: dir,
      allowPartial: true,
    });
    assert.is(partial.exitCode, 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('one file goes to stdout; a complete export exits 0; several files need -o', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gateway-export-cmd-'));
  try {
    await writeFile(
      join(dir, 'gateway.config.json'),
      JSON.stringify({
        upstreams: { app: 'http://127.0.0.1:9001' },
        routes: [{ name: 'app', match: { path: '/app/**' }, upstream: 'app' }],
      }),
    );
    const caddy = await run({ engine: 'caddy', config: 'gateway.config.json', cwd: dir });
    assert.is(caddy.exitCode, 0, caddy.stderr);
    assert.match(caddy.stdout, /reverse_proxy 127\.0\.0\.1:9001 \{/);
    // Approximations are warnings, as in lint: printed, exit 0.
    assert.match(caddy.stderr, /0 errors, \d+ warnings?/);
    const nginx = await run({ engine: 'nginx', config: 'gateway.config.example.ts', allowPartial: true });
    assert.is(nginx.exitCode, 2);
    assert.match(nginx.stderr, /needs 2 files \(nginx\.conf, htpasswd-basic\): give a folder with -o/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a config that cannot load: exit 2 with the config issues; an unknown engine: exit 2', async () => {
  const broken = await run({ engine: 'nginx', config: 'no-such-config.ts' });
  assert.is(broken.exitCode, 2);
  assert.match(broken.stderr, /config not loaded|no-such-config/);
  const unknown = await run({ engine: 'envoy', config: 'gateway.config.example.ts' });
  assert.is(unknown.exitCode, 2);
  assert.match(unknown.stderr, /unknown engine "envoy": expected one of nginx, haproxy, caddy, gateway-api/);
});

test.run();
