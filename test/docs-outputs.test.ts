/**
 * A page that shows output the CLI no longer prints is a failing test: every marked block of
 * README.md and docs/*.md (`<!-- docs:output -->`, `<!-- docs:file … -->`, see
 * scripts/docs/blocks.ts) is re-run with the CLI from src/ and compared. `npm run docs:outputs`
 * rewrites them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { comparable, createCli, markedBlocks, pages, renderBlock, ROOT } from '../scripts/docs/blocks.js';

const cli = createCli('src');

test('the marker grammar: output blocks with their folder, file blocks with their path', () => {
  const lines = [
    '<!-- docs:output cwd=docs/examples/matching -->',
    '```console',
    '$ gateway lint',
    'ok',
    '```',
    '',
    '<!-- docs:file a.json -->',
    '```json',
    '{}',
    '```',
    '```',
    '$ unmarked',
    '```',
  ];
  const blocks = markedBlocks(lines);
  assert.equal(
    blocks.map((block) => [block.kind, block.arg, block.fence.lines]),
    [
      ['output', 'docs/examples/matching', ['$ gateway lint', 'ok']],
      ['file', 'a.json', ['{}']],
    ],
  );
  assert.is(
    comparable(['route tests: 16 passed (16 cases, 153 ms)']),
    'route tests: 16 passed (16 cases, <n> ms)',
  );
});

test('a block is re-run as shown, npx and all, and a changed output is noticed', async () => {
  const [block] = markedBlocks([
    '<!-- docs:output -->',
    '```',
    '$ npx gateway --version; echo "exit $?"',
    '0.0.0',
    '```',
  ]);
  const fresh = await renderBlock(block!, cli.binDir);
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
  assert.equal(fresh, ['$ npx gateway --version; echo "exit $?"', version, 'exit 0']);
  assert.is.not(comparable(fresh), comparable(block!.fence.lines));
});

let total = 0;
for (const page of pages()) {
  const lines = readFileSync(join(ROOT, page), 'utf8').split('\n');
  const blocks = markedBlocks(lines);
  total += blocks.length;
  if (blocks.length === 0) continue;
  test(`${page}: every marked block shows what the CLI prints now`, async () => {
    for (const block of blocks) {
      const fresh = await renderBlock(block, cli.binDir);
      assert.fixture(
        comparable(block.fence.lines),
        comparable(fresh),
        `${page}:${block.fence.open + 1} is stale — run \`npm run docs:outputs\``,
      );
    }
  });
}

test('the docs have marked blocks at all', () => {
  assert.ok(total >= 10, `only ${total} marked blocks`);
});

test.after(() => cli.dispose());
test.run();
