/**
 * `npm run docs:outputs`: re-runs every marked command in README.md and docs/*.md with the built
 * CLI and rewrites the blocks with what it prints now (see scripts/docs/blocks.ts).
 * `--check` only reports the pages that would change (exit 1), as test/docs-outputs.test.ts does.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { comparable, createCli, pages, refreshPage, ROOT } from './docs/blocks.js';

const check = process.argv.includes('--check');
const cli = createCli('dist');
let stale = 0;
try {
  for (const page of pages()) {
    const before = readFileSync(join(ROOT, page), 'utf8');
    const after = await refreshPage(before, cli.binDir);
    if (comparable(before.split('\n')) === comparable(after.split('\n'))) continue;
    stale++;
    if (check) console.log(`${page}: shows output the CLI no longer prints`);
    else {
      writeFileSync(join(ROOT, page), after);
      console.log(`${page}: updated`);
    }
  }
} finally {
  cli.dispose();
}
if (check && stale > 0) process.exitCode = 1;
