// Runs every test/**/*.test.ts(x) with uvu (through tsx) and ends with one plain
// line, `N passed, N failed`, that CI and humans read. Extra args filter files:
// `npm test -- balance` runs the files whose path contains "balance".
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isNodeTooOld, MINIMUM_NODE_MAJOR, switchToLocalNode } from '../bin/local-node.js';

// On an old Node, run under the clone's .tools/node (installed by `npm install`), or refuse
// in one line: the suite on Node 20 would only fail in confusing places.
if (isNodeTooOld()) {
  if (!switchToLocalNode(process.cwd(), 'npm test')) {
    console.error(
      `npm test needs Node.js ${MINIMUM_NODE_MAJOR} or newer; this is Node ${process.version}. Run \`npm install\` (it installs Node 24 into .tools/node) or \`source scripts/use-node.sh\`.`,
    );
    process.exit(2);
  }
} else await runAll();

async function runAll() {
  const filter = process.argv.slice(2);
  const files = [];
  (function walk(dir) {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (
        /\.test\.tsx?$/.test(entry.name) &&
        (filter.length === 0 || filter.some((f) => path.includes(f)))
      )
        files.push(path);
    }
  })('test');
  files.sort();

  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const result = await runFile(file);
    passed += result.passed;
    failed += result.failed;
  }
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || files.length === 0 ? 1 : 0;
}

// One process per file: a test file that leaks a server or a timer cannot hang or
// skew the next one, and a crash is counted against its own file.
function runFile(file) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/run-uvu-file.mjs', file], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 480_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const total = Number(/Total:\s+(\d+)/.exec(out)?.[1] ?? 0);
      const ok = Number(/Passed:\s+(\d+)/.exec(out)?.[1] ?? 0);
      const skipped = Number(/Skipped:\s+(\d+)/.exec(out)?.[1] ?? 0);
      let bad = total - ok - skipped;
      if (code !== 0 && bad === 0) {
        console.log(`✘ ${file} exited with ${code} before all its tests reported`);
        bad = 1;
      }
      resolve({ passed: ok, failed: bad });
    });
  });
}
