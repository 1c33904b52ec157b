/**
 * Marked blocks: the parts of README.md and docs/*.md that show what the CLI prints, re-run so
 * a page can never show output the CLI no longer prints.
 *
 * - `<!-- docs:output -->` (or `<!-- docs:output cwd=docs/examples/matching -->`) right above a
 *   fenced block: each `$ ` line in it is a command, run with bash in that folder (default: the
 *   repository), `npx gateway`/`gateway` being this checkout's CLI; the lines after it, up to the
 *   next `$ ` line, are what it prints (stdout and stderr, no colour).
 * - `<!-- docs:file docs/examples/matching/gateway.config.json -->` right above a fenced block:
 *   the block is that file, word for word.
 *
 * Only deterministic commands are marked (explain, lint, test without --live, --help): no
 * tokens that expire, no running demo.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Fence, fences } from './markdown.js';

/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** README.md and every docs/*.md, relative to ROOT. */
export function pages(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs];
}

export interface MarkedBlock {
  readonly kind: 'output' | 'file';
  /** `output`: the folder to run in (relative to ROOT); `file`: the file's path. */
  readonly arg: string;
  readonly fence: Fence;
}

/** The marked blocks of a page, in order. */
export function markedBlocks(lines: readonly string[]): MarkedBlock[] {
  const found: MarkedBlock[] = [];
  for (const fence of fences(lines)) {
    const marker = /^<!--\s*docs:(output|file)\b\s*(.*?)\s*-->\s*$/.exec(lines[fence.open - 1] ?? '');
    if (!marker) continue;
    const kind = marker[1] as 'output' | 'file';
    const arg = kind === 'output' ? (/cwd=(\S+)/.exec(marker[2]!)?.[1] ?? '.') : marker[2]!;
    found.push({ kind, arg, fence });
  }
  return found;
}

/** A block's commands (the `$ ` lines, without `$ `). */
export function commandsOf(lines: readonly string[]): string[] {
  return lines.filter((line) => line.startsWith('$ ')).map((line) => line.slice(2));
}

/** Which CLI answers `gateway` in marked commands: the build (`bin/gateway.js`) or src/ via tsx. */
export type CliSource = 'dist' | 'src';

/** A folder with a `gateway` executable for PATH; `dispose` removes it. */
export function createCli(source: CliSource): { readonly binDir: string; dispose(): void } {
  const binDir = mkdtempSync(join(tmpdir(), 'gateway-docs-'));
  const args =
    source === 'dist'
      ? [join(ROOT, 'bin/gateway.js')]
      : ['--import', import.meta.resolve('tsx'), join(ROOT, 'scripts/docs/gateway-from-source.ts')];
  const quoted = [process.execPath, ...args].map((arg) => `'${arg}'`).join(' ');
  writeFileSync(join(binDir, 'gateway'), `#!/bin/sh\nexec ${quoted} "$@"\n`);
  chmodSync(join(binDir, 'gateway'), 0o755);
  return { binDir, dispose: () => rmSync(binDir, { recursive: true, force: true }) };
}

/** Runs one shown command as a user would type it; returns what it printed (stdout + stderr). */
export function runCommand(command: string, cwd: string, binDir: string): Promise<string> {
  const script = `exec 2>&1\n${command.replace(/\bnpx gateway\b/g, 'gateway')}\n`;
  // A small, fixed environment: the output must not depend on who runs it.
  const env = {
    PATH: `${binDir}:${process.env.PATH ?? ''}`,
    HOME: process.env.HOME ?? tmpdir(),
    NO_COLOR: '1',
    TZ: 'UTC',
    LANG: 'C.UTF-8',
    COLUMNS: '100',
  };
  return new Promise((done, fail) => {
    const child = spawn('bash', ['-c', script], {
      cwd: resolve(ROOT, cwd),
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', fail);
    child.on('close', () => {
      clearTimeout(timer);
      done(out.replace(/\s+$/, ''));
    });
  });
}

/** The lines a marked block should hold now. */
export async function renderBlock(block: MarkedBlock, binDir: string): Promise<string[]> {
  if (block.kind === 'file')
    return readFileSync(resolve(ROOT, block.arg), 'utf8').replace(/\s+$/, '').split('\n');
  const lines: string[] = [];
  for (const command of commandsOf(block.fence.lines)) {
    if (lines.length > 0) lines.push('');
    lines.push(`$ ${command}`);
    const output = await runCommand(command, block.arg, binDir);
    if (output !== '') lines.push(...output.split('\n'));
  }
  return lines;
}

/** What may differ between two runs of the same command and is not compared: durations. */
export function comparable(lines: readonly string[]): string {
  return lines.join('\n').replace(/\b\d+(?:\.\d+)? ?ms\b/g, '<n> ms');
}

/** A page's text with every marked block replaced by what the CLI prints now. */
export async function refreshPage(text: string, binDir: string): Promise<string> {
  const lines = text.split('\n');
  const blocks = markedBlocks(lines);
  // Bottom up, so earlier blocks' line numbers still hold.
  for (const block of blocks.reverse()) {
    const fresh = await renderBlock(block, binDir);
    lines.splice(block.fence.open + 1, block.fence.close - block.fence.open - 1, ...fresh);
  }
  return lines.join('\n');
}
