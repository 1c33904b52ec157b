/**
 * docs/faults.md, docs/rate-limits.md and docs/mocks.md show real output: their `gateway explain`
 * blocks are what the CLI prints for the configs in docs/examples/ (a page showing output the CLI no
 * longer prints fails here).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { explain } from '../src/commands/explain.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

async function explainText(
  config: string,
  method: string,
  url: string,
  headers: string[] = [],
): Promise<string> {
  let out = '';
  const write = (text: string) => {
    out += text;
  };
  await explain({
    cwd: ROOT,
    config,
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

const LIMITS = 'docs/examples/faults-and-limits.json';
const MOCKS = 'docs/examples/mocks.json';
/** Page, config, request, and the first line of the output the page shows from (`''`: all of it). */
const cases: [page: string, config: string, args: [string, string, string[]?], from: string][] = [
  ['docs/faults.md', LIMITS, ['GET', '/flaky'], ''],
  ['docs/faults.md', LIMITS, ['GET', '/flaky', ['x-gateway-fault-abort: 503']], 'fault '],
  ['docs/rate-limits.md', LIMITS, ['GET', '/api/x'], ''],
  ['docs/mocks.md', MOCKS, ['GET', '/users/42?lang=en'], ''],
  ['docs/mocks.md', MOCKS, ['GET', '/api/pets/7', ['Prefer: example=dog']], 'rewrite '],
];

for (const [page, config, [method, url, headers], from] of cases) {
  test(`${page}: gateway explain ${method} ${url} ${headers?.join(' ') ?? ''}`, async () => {
    const doc = await readFile(`${ROOT}${page}`, 'utf8');
    const out = await explainText(config, method, url, headers);
    const shown = from === '' ? out : out.slice(out.indexOf(from));
    assert.ok(doc.includes(shown), `${page} does not show what the CLI prints:\n${shown}`);
  });
}

test.run();
