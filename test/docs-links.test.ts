/**
 * README.md and docs/*.md hold together: every relative link and `#anchor` resolves (GitHub's
 * heading anchors), and every `gateway …` command the pages show is one the real CLI accepts
 * (parsed by the commander program from src/cli.ts, with no action run).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Command } from 'commander';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pages, ROOT } from '../scripts/docs/blocks.js';
import { fences, headingAnchors, relativeLinks, slug } from '../scripts/docs/markdown.js';
import { buildProgram } from '../src/cli.js';

const read = (page: string) => readFileSync(join(ROOT, page), 'utf8').split('\n');

test('GitHub heading anchors', () => {
  assert.is(
    slug('`gateway explain` — how one request would be handled, and why'),
    'gateway-explain--how-one-request-would-be-handled-and-why',
  );
  assert.is(slug('REST → gRPC and REST → SOAP'), 'rest--grpc-and-rest--soap');
  assert.is(slug('Encoded slashes (`%2F`, `%5C`)'), 'encoded-slashes-2f-5c');
  assert.is(slug('The terminal UI (`gateway dev`)'), 'the-terminal-ui-gateway-dev');
  assert.is(slug('**Bold** and [a link](x.md) and snake_case'), 'bold-and-a-link-and-snake_case');
  assert.equal(
    [...headingAnchors(['# A', '## A', '```', '# not a heading', '```', '### A'])],
    ['a', 'a-1', 'a-2'],
  );
});

test('every relative link and anchor in README.md and docs/*.md resolves', () => {
  const broken: string[] = [];
  let checked = 0;
  for (const page of pages()) {
    for (const link of relativeLinks(read(page))) {
      checked++;
      const [path = '', anchor] = link.target.split('#', 2);
      const target = path === '' ? join(ROOT, page) : join(ROOT, dirname(page), decodeURIComponent(path));
      const where = `${page}:${link.line} → ${link.target}`;
      if (!existsSync(target)) {
        broken.push(`${where}: no file ${relative(ROOT, target)}`);
        continue;
      }
      if (anchor === undefined || statSync(target).isDirectory() || !target.endsWith('.md')) continue;
      if (!headingAnchors(read(relative(ROOT, target))).has(anchor))
        broken.push(`${where}: no heading #${anchor}`);
    }
  }
  assert.ok(checked > 20, `only ${checked} links found`);
  assert.equal(broken, []);
});

/**
 * The words of one shell command line, as the shell would split them (quotes, `\` escapes), up to
 * a comment or the end of the line; `&&`, `||`, `;` and `|` start a new command. A word with a
 * `$` expansion in it stands for some value, so it becomes `VALUE`.
 */
export function shellCommands(line: string): string[][] {
  const commands: string[][] = [[]];
  let word: string | undefined;
  let expands = false;
  const end = () => {
    if (word !== undefined) commands.at(-1)!.push(expands ? 'VALUE' : word);
    word = undefined;
    expands = false;
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === ' ' || ch === '\t') end();
    else if (ch === '#' && word === undefined) break;
    else if (';&|<>'.includes(ch)) {
      end();
      if (ch === '>' || ch === '<') break;
      while (';&|'.includes(line[i + 1] ?? ' ')) i++;
      commands.push([]);
    } else if (ch === "'" || ch === '"') {
      const close = line.indexOf(ch, i + 1);
      const quoted = line.slice(i + 1, close === -1 ? undefined : close);
      if (ch === '"' && quoted.includes('$')) expands = true;
      word = (word ?? '') + quoted;
      i = close === -1 ? line.length : close;
    } else if (ch === '\\') word = (word ?? '') + (line[++i] ?? '');
    else {
      if (ch === '$') expands = true;
      word = (word ?? '') + ch;
    }
  }
  end();
  return commands.filter((words) => words.length > 0);
}

const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'zsh']);

/**
 * The gateway commands a page shows: every line of a shell block, and every `$ ` line of any other
 * block (console, text). `npx` and leading `NAME=value` assignments are dropped. A synopsis with
 * placeholders (`<METHOD>`) is not a command.
 */
function gatewayCommands(page: string): { line: string; args: string[] }[] {
  const found: { line: string; args: string[] }[] = [];
  for (const fence of fences(read(page))) {
    for (const raw of fence.lines) {
      if (!SHELL_LANGS.has(fence.lang) && !raw.startsWith('$ ')) continue;
      if (/<[A-Za-z]+>/.test(raw.replace(/#.*$/, ''))) continue;
      for (const words of shellCommands(raw.replace(/^\$ /, ''))) {
        let start = 0;
        while (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[start] ?? '')) start++;
        if (words[start] === 'npx') start++;
        if (words[start] === 'gateway') found.push({ line: `${page}: ${raw}`, args: words.slice(start + 1) });
      }
    }
  }
  return found;
}

/**
 * Parses `args` with the real program, every command's action replaced by one that only records
 * its name; throws commander's error on a usage error. Returns the command that would have run.
 */
async function parseOnly(args: readonly string[]): Promise<string> {
  const program = buildProgram(() => {});
  let ran = '';
  const silence = (command: Command) => {
    command.exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
    for (const sub of command.commands) {
      sub.action(() => {
        ran = sub.name();
      });
      silence(sub);
    }
  };
  silence(program);
  await program.parseAsync([...args], { from: 'user' });
  return ran;
}

test('shell words: quotes, expansions, comments and chained commands', () => {
  assert.equal(shellCommands(`npm install && npx gateway dev --demo   # the demo`), [
    ['npm', 'install'],
    ['npx', 'gateway', 'dev', '--demo'],
  ]);
  assert.equal(
    shellCommands(`gateway explain GET /x -H "Authorization: Bearer $TOKEN" -d '{"a":1}' | jq .`),
    [
      ['gateway', 'explain', 'GET', '/x', '-H', 'VALUE', '-d', '{"a":1}'],
      ['jq', '.'],
    ],
  );
  assert.equal(shellCommands(`gateway test --reporter junit > out.xml`), [
    ['gateway', 'test', '--reporter', 'junit'],
  ]);
});

test('the real program refuses what the CLI refuses', async () => {
  assert.is(await parseOnly(['explain', 'GET', '/x', '--all']), 'explain');
  for (const bad of [
    ['explian', 'GET', '/'],
    ['explain', 'GET'],
    ['lint', '--format', 'xml'],
    ['dev', '--port', 'x'],
  ]) {
    let refused = false;
    await parseOnly(bad).catch(() => {
      refused = true;
    });
    assert.ok(refused, bad.join(' '));
  }
});

test('every gateway command shown in README.md and docs/*.md is one the CLI accepts', async () => {
  const readme = gatewayCommands('README.md');
  assert.ok(readme.length >= 5, `only ${readme.length} commands found in README.md`);
  const refused: string[] = [];
  for (const { line, args } of pages().flatMap(gatewayCommands)) {
    try {
      const ran = await parseOnly(args);
      if (ran === '' && !args.some((arg) => ['--help', '-h', '--version', '-v'].includes(arg)))
        refused.push(`${line}: no command`);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== 'commander.helpDisplayed' && code !== 'commander.version')
        refused.push(`${line}: ${(error as Error).message}`);
    }
  }
  assert.equal(refused, []);
});

test.run();
