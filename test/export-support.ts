/** Helpers for the export tests: load a config file or object, analyse it once, export it. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTable } from '../src/commands/load-table.js';
import { analyzeConfig } from '../src/export/analysis.js';
import { EXPORTERS } from '../src/export/exporters.js';
import type { ExportResult } from '../src/export/types.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Exports a config file (relative to the repository) with `engine`. */
export async function exportFile(engine: string, file: string): Promise<ExportResult> {
  const loaded = await loadTable({ cwd: ROOT, configPath: file, env: {} });
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  const config = loaded.table.config;
  return EXPORTERS[engine]!.export(config, await analyzeConfig(config, { env: {} }));
}

/** Exports a config given as an object (written to a temp folder as JSON). */
export async function exportObject(engine: string, config: unknown): Promise<ExportResult> {
  const dir = await mkdtemp(join(tmpdir(), 'gateway-export-'));
  const file = join(dir, 'gateway.config.json');
  await writeFile(file, JSON.stringify(config));
  return exportFile(engine, file);
}

/** The findings as `path ruleId` lines, for compact assertions. */
export function findingLines(result: ExportResult): string[] {
  return result.findings.map((f) => `${f.path} ${f.ruleId}`);
}

/** Only what was left out (`export/unsupported`), as `path ruleId` lines. */
export function errorLines(result: ExportResult): string[] {
  return result.findings.filter((f) => f.severity === 'error').map((f) => `${f.path} ${f.ruleId}`);
}
