/**
 * bin/gateway.js: `gateway dev` re-executes itself (same pid) with a 16 MB V8 semi-space, so its
 * young generation cannot grow to 128 MB under load; a size the user chose, or
 * GATEWAY_NODE_FLAGS=0, is left alone. Read from /proc (Linux: where process.execve exists and
 * the flag applies).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const BIN = join(process.cwd(), 'bin', 'gateway.js');
const FLAG = '--max-semi-space-size=16';

/** Starts `gateway dev` on port 0, waits for its listening line, returns its command line, stops it. */
async function devCommandLine(env: NodeJS.ProcessEnv): Promise<{ pid: number; argv: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'gw-heap-flags-'));
  const config = join(dir, 'gateway.config.json');
  writeFileSync(
    config,
    JSON.stringify({ routes: [{ name: 'health', match: { path: '/health' }, respond: { status: 204 } }] }),
  );
  const child = spawn(process.execPath, [BIN, 'dev', '--no-ui', '-c', config, '--port', '0'], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 20_000);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('gateway listening on')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
    });
    const argv = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return { pid: child.pid!, argv };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

const linux = process.platform === 'linux' && typeof process.execve === 'function';

test('dev runs with a 16 MB semi-space, in the process that was started', async () => {
  if (!linux) return;
  const { argv } = await devCommandLine({ NODE_OPTIONS: '' });
  assert.is(argv[1], FLAG, argv.join(' '));
  assert.ok(argv.includes('dev'));
  assert.is(argv.filter((a) => a === FLAG).length, 1);
});

test('a semi-space size in NODE_OPTIONS is the user’s: no flag added', async () => {
  if (!linux) return;
  const { argv } = await devCommandLine({ NODE_OPTIONS: '--max-semi-space-size=8' });
  assert.not.ok(argv.includes(FLAG), argv.join(' '));
});

test('GATEWAY_NODE_FLAGS=0 turns the re-execution off', async () => {
  if (!linux) return;
  const { argv } = await devCommandLine({ NODE_OPTIONS: '', GATEWAY_NODE_FLAGS: '0' });
  assert.not.ok(argv.includes(FLAG), argv.join(' '));
});

test.run();
