/**
 * docs/security.md shows real `gateway explain` output: every `$ gateway explain …` block there
 * is run again here, and each line it shows (lines of `…` stand for lines left out) must still
 * be printed, in that order. A page showing output the CLI no longer prints fails this test.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { explain } from '../src/commands/explain.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const page = readFileSync(new URL('../docs/security.md', import.meta.url), 'utf8');

interface Shown {
  readonly command: string;
  readonly lines: readonly string[];
}

/** Every `$ gateway explain` command in a code block, with the lines shown after it. */
function shownCommands(markdown: string): Shown[] {
  const shown: Shown[] = [];
  let inFence = false;
  let current: { command: string; lines: string[] } | undefined;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) {
      inFence = !inFence;
      current = undefined;
    } else if (!inFence) {
    } else if (line.startsWith('$ ')) {
      current = line.startsWith('$ gateway explain ') ? { command: line.slice(2), lines: [] } : undefined;
      if (current) shown.push(current);
    } else if (current && line.trim() !== '' && line.trim() !== '…') {
      current.lines.push(line);
    }
  }
  return shown;
}

/** Splits a shell command line: words, and '…' quoted with single quotes. */
function words(command: string): string[] {
  return [...command.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

const commands = shownCommands(page);

test('the page shows explain output', () => {
  assert.ok(commands.length >= 6, `${commands.length} commands found`);
});

for (const { command, lines } of commands) {
  test(command, async () => {
    const [, , method, url, ...flags] = words(command);
    const headers: string[] = [];
    let config: string | undefined;
    for (let i = 0; i < flags.length; i += 2) {
      if (flags[i] === '-H') headers.push(flags[i + 1]!);
      else if (flags[i] === '--config') config = flags[i + 1];
      else assert.unreachable(`unknown flag ${flags[i]} in the docs`);
    }
    let out = '';
    await explain({
      cwd: root,
      env: {},
      color: false,
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (out += s) },
      method: method!,
      url: url!,
      headers,
      config,
    });
    const printed = out.split('\n');
    let at = 0;
    for (const line of lines) {
      const found = printed.indexOf(line, at);
      assert.ok(found !== -1, `not printed (in this order): ${line}\n--- printed ---\n${out}`);
      at = found + 1;
    }
  });
}

test.run();
