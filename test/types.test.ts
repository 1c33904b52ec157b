/**
 * Type tests: the configs in test/types/ compile under tsc with every `// @ts-expect-error` used
 * (tsc reports an unused one), the example config compiles clean, and — compiled again with the
 * comments removed — each expected error is the one its comment quotes, at that line: the
 * messages users read for a misspelled upstream, provider, route, or a rewrite parameter.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TYPES = join(ROOT, 'test/types');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

function tsc(project: string): { code: number; output: string } {
  try {
    return {
      code: 0,
      output: execFileSync(process.execPath, [TSC, '-p', project, '--noEmit', '--pretty', 'false'], {
        encoding: 'utf8',
      }),
    };
  } catch (error) {
    const e = error as { status: number; stdout: string };
    return { code: e.status, output: e.stdout };
  }
}

test('test/types and the example config compile; every @ts-expect-error meets its error', () => {
  const result = tsc(join(TYPES, 'tsconfig.json'));
  assert.is(result.output, '');
  assert.is(result.code, 0);
});

test('each expected error is the one quoted, at the line after its comment', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gw-types-'));
  try {
    const expected: { file: string; line: number; message: string | undefined }[] = [];
    for (const name of (await readdir(TYPES)).filter((f) => f.endsWith('.ts'))) {
      const lines = (await readFile(join(TYPES, name), 'utf8')).split('\n');
      lines.forEach((text, i) => {
        const comment = /\/\/ @ts-expect-error ?(.*)$/.exec(text);
        if (!comment) return;
        const message = comment[1]!.startsWith('Type ') ? comment[1] : undefined;
        expected.push({ file: name, line: i + 2, message });
        lines[i] = text.replace(/\/\/ @ts-expect-error.*$/, '// (an error on the next line)');
      });
      await writeFile(join(dir, name), lines.join('\n'));
    }
    await writeFile(join(dir, 'package.json'), '{ "type": "module" }');
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: join(ROOT, 'tsconfig.json'),
        compilerOptions: {
          types: ['node'],
          typeRoots: [join(ROOT, 'node_modules/@types')],
          paths: { gateway: [join(ROOT, 'src/index.ts')] },
        },
        include: ['*.ts'],
        exclude: [],
      }),
    );
    const result = tsc(join(dir, 'tsconfig.json'));
    assert.is.not(result.code, 0);
    // First line of each error: `file.ts(line,col): error TSxxxx: message`.
    const errors = [
      ...result.output.matchAll(/^(?:.*\/)?([\w-]+\.ts)\((\d+),\d+\): error TS\d+: (.*)$/gm),
    ].map((m) => ({ file: m[1]!, line: Number(m[2]), message: m[3]! }));
    assert.is(errors.length, expected.length, result.output);
    for (const want of expected) {
      const found = errors.find((e) => e.file === want.file && e.line === want.line);
      assert.ok(found, `no error at ${want.file}:${want.line}\n${result.output}`);
      if (want.message !== undefined) assert.is(found.message, want.message);
    }
    assert.ok(expected.length >= 9);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
