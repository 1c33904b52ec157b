/**
 * `gateway export <engine>`: the config as another engine's configuration (nginx, Kubernetes
 * Gateway API, …), with a lint-style finding for everything the engine cannot express.
 * Exit 0: a complete export (approximations are warnings); 1: something left out (unless
 * `--allow-partial`); 2: usage or config.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { attachLocations } from '../config/locate.js';
import { colors } from '../format/color.js';
import { LINT_FORMATS, type LintFormat } from '../lint/format/index.js';
import type { CommandIO, CommandResult } from './io.js';
import { formatIssues, loadTable } from './load-table.js';
import { readFile } from 'node:fs/promises';
import type { ExportResult } from '../export/types.js';

export interface ExportOptions extends CommandIO {
  /** `nginx`, `haproxy`, `caddy`, `gateway-api`. */
  readonly engine: string;
  /** `-c, --config`. */
  readonly config?: string;
  /** `-o, --out`: a folder for the files; without it the one file goes to stdout. */
  readonly out?: string;
  /** `--allow-partial`: findings do not fail the run. */
  readonly allowPartial?: boolean;
  /** `--format`: how findings are printed (to stderr), as `gateway lint` prints them. @default 'stylish' */
  readonly format?: LintFormat;
}

export interface ExportCommandResult extends CommandResult {
  readonly result?: ExportResult;
}

/** Exports the config; findings go to stderr in lint's stylish format. */
export async function exportConfig(options: ExportOptions): Promise<ExportCommandResult> {
  const c = colors(options.color);
  const { EXPORTERS } = await import('../export/exporters.js');
  const exporter = EXPORTERS[options.engine];
  if (!exporter) {
    options.stderr.write(
      `${c.red('error')} unknown engine "${options.engine}": expected one of ${Object.keys(EXPORTERS).join(', ')}\n`,
    );
    return { exitCode: 2 };
  }
  const loaded = await loadTable({
    cwd: options.cwd,
    configPath: options.config,
    env: options.env,
    once: true,
  });
  if (!loaded.ok) {
    options.stderr.write(formatIssues(loaded.issues, options.cwd, c));
    return { exitCode: 2 };
  }
  const config = loaded.table.config;
  const { analyzeConfig } = await import('../export/analysis.js');
  const result = exporter.export(config, await analyzeConfig(config, { env: options.env }));
  if (options.out !== undefined) {
    const dir = resolve(options.cwd, options.out);
    for (const file of result.files) {
      const path = join(dir, file.name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.content, { mode: file.name.startsWith('htpasswd') ? 0o640 : 0o644 });
    }
    options.stderr.write(
      `${c.green('✔')} wrote ${result.files.map((f) => join(options.out!, f.name)).join(', ')}\n`,
    );
  } else if (result.files.length === 1) {
    options.stdout.write(result.files[0]!.content);
  } else {
    options.stderr.write(
      `${c.red('error')} ${options.engine} needs ${result.files.length} files (${result.files.map((f) => f.name).join(', ')}): give a folder with -o\n`,
    );
    return { exitCode: 2, result };
  }
  if (result.findings.length > 0) {
    let source = '';
    try {
      source = await readFile(loaded.file, 'utf8');
    } catch {}
    const located = attachLocations(result.findings, loaded.file, source);
    const findings = result.findings
      .map((f, i) => ({ ...f, file: loaded.file, line: located[i]?.line, column: located[i]?.column }))
      .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    const format = LINT_FORMATS[options.format ?? 'stylish'] ?? LINT_FORMATS.stylish;
    options.stderr.write(
      format({ findings, rules: [] }, { cwd: options.cwd, color: options.color, version: '' }),
    );
    // As lint: approximations (warnings) are printed; only what was left out (errors) fails the run.
    if (!options.allowPartial && result.findings.some((f) => f.severity === 'error')) {
      options.stderr.write(
        `${c.dim('each place something was left out carries a comment in the exported files; --allow-partial accepts them')}\n`,
      );
      return { exitCode: 1, result };
    }
  }
  return { exitCode: 0, result };
}
