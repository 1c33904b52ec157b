/**
 * docs/tracing.md and docs/metrics.md show `gateway explain` output (deterministic: explain pins
 * its random source). Each `$ npx gateway explain …` block is run again on the example config and
 * must still print every line the page shows, in order (`…` stands for lines left out).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { explain } from '../src/commands/explain.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** `[args, shown lines]` for every human (non-JSON) explain command on the page. */
async function explainBlocks(page: string): Promise<[string[], string[]][]> {
  const text = await readFile(`${root}docs/${page}`, 'utf8');
  const blocks: [string[], string[]][] = [];
  for (const block of text.matchAll(/```console\n([\s\S]*?)```/g)) {
    const commands = block[1]!.split(/^\$ /m).filter((chunk) => chunk.startsWith('npx gateway explain'));
    for (const chunk of commands) {
      const [command = '', ...shown] = chunk.trimEnd().split('\n');
      if (command.includes('--json')) continue;
      blocks.push([
        shellWords(command.replace('npx gateway explain ', '')),
        shown.filter((l) => l.trim() !== ''),
      ]);
    }
  }
  return blocks;
}

/** Splits `GET /x -H 'a: b'` into words (single quotes only, as the pages use). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

async function run(args: string[]): Promise<string> {
  const [method = '', url = '', ...rest] = args;
  const headers: string[] = [];
  for (let i = 0; i < rest.length; i += 2) if (rest[i] === '-H') headers.push(rest[i + 1]!);
  let out = '';
  await explain({
    cwd: root,
    config: 'gateway.config.example.ts',
    method,
    url,
    headers,
    env: {},
    color: false,
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (out += s) },
  });
  return out;
}

for (const page of ['tracing.md', 'metrics.md']) {
  test(`docs/${page}: the explain output it shows is what explain prints`, async () => {
    const blocks = await explainBlocks(page);
    assert.ok(blocks.length > 0, 'the page shows explain output');
    for (const [args, shown] of blocks) {
      const printed = (await run(args)).split('\n');
      let at = 0;
      for (const line of shown) {
        if (line.trim() === '…') continue;
        const found = printed.indexOf(line, at);
        assert.ok(
          found !== -1,
          `explain ${args.join(' ')} no longer prints:\n${line}\n\nit prints:\n${printed.join('\n')}`,
        );
        at = found + 1;
      }
    }
  });
}

test.run();
