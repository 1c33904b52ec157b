/**
 * docs/faults.md and docs/rate-limits.md show real output: their `gateway explain` blocks are what
 * the CLI prints for docs/examples/faults-and-limits.json (a page showing output the CLI no longer
 * prints fails here).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { explain } from '../src/commands/explain.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

async function explainText(method: string, url: string, headers: string[] = []): Promise<string> {
  let out = '';
  const write = (text: string) => {
    out += text;
  };
  await explain({
    cwd: ROOT,
    config: 'docs/examples/faults-and-limits.json',
    method,
    url,
    headers,
    stdout: { write },
    stderr: { write },
    env: { ...process.env, NO_COLOR: '1' },
    color: false,
  });
  return out.trimEnd();
}

const cases: [page: string, args: [string, string, string[]?], lines: 'all' | 'from-fault'][] = [
  ['docs/faults.md', ['GET', '/flaky'], 'all'],
  ['docs/faults.md', ['GET', '/flaky', ['x-gateway-fault-abort: 503']], 'from-fault'],
  ['docs/rate-limits.md', ['GET', '/api/x'], 'all'],
];

for (const [page, [method, url, headers], lines] of cases) {
  test(`${page}: gateway explain ${method} ${url} ${headers?.join(' ') ?? ''}`, async () => {
    const doc = await readFile(`${ROOT}${page}`, 'utf8');
    const out = await explainText(method, url, headers);
    const shown = lines === 'all' ? out : out.slice(out.indexOf('fault '));
    assert.ok(doc.includes(shown), `${page} does not show what the CLI prints:\n${shown}`);
  });
}

test.run();
