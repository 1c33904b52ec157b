/**
 * `gateway diff [--base <ref> | --base-config <file>] [files…]`: every known request — both
 * configs' `tests`, test files (recordings among them), a sample per route and method — decided
 * by the base config and the working one; prints those whose route, upstream, upstream path,
 * auth result or status changed, grouped by change. Exit 0 (1 with `--fail-on-change` when
 * anything changed), 2 when a config cannot be loaded.
 */
import { colors } from '../format/color.js';
import {
  type BaseTable,
  diffRouting,
  formatRoutingDiff,
  loadConfigAtRef,
  routingDiffJson,
  sampleCases,
  uniqueCases,
} from '../diff/index.js';
import type { RoutingDiff } from '../diff/index.js';
import { casesFromConfig } from '../testing/cases.js';
import { collectCases } from '../testing/collect.js';
import type { CommandIO, CommandResult } from './io.js';
import { formatIssues, loadTable } from './load-table.js';

export interface DiffOptions extends CommandIO {
  readonly config?: string;
  /** `--base <ref>`: the config file as it was at this git ref. @default 'HEAD' */
  readonly base?: string;
  /** `--base-config <file>`: another config file to compare with. */
  readonly baseConfig?: string;
  /** Test files or folders (searched for `*.gateway-test.*`). @default the config's folder */
  readonly files?: readonly string[];
  readonly json?: boolean;
  /** `--fail-on-change`: exit 1 when any request decides differently. */
  readonly failOnChange?: boolean;
  /** Pinned clock (ms since the epoch) for both configs. @default Date.now() */
  readonly now?: number;
}

export interface DiffResult extends CommandResult {
  readonly diff?: RoutingDiff;
}

/** Compares the routing of two configs on every known request. */
export async function diff(options: DiffOptions): Promise<DiffResult> {
  const c = colors(options.color);
  if (options.base !== undefined && options.baseConfig !== undefined) {
    options.stderr.write(`${c.red('error')} give --base or --base-config, not both\n`);
    return { exitCode: 2 };
  }
  const working = await loadTable({
    cwd: options.cwd,
    configPath: options.config,
    env: options.env,
  });
  if (!working.ok) {
    options.stderr.write(formatIssues(working.issues, options.cwd, c));
    return { exitCode: 2 };
  }
  const base = await loadBase(options, working.file);
  if (!base.ok) {
    options.stderr.write(formatIssues(base.issues, options.cwd, c));
    return { exitCode: 2 };
  }
  const collected = await collectCases(working.table.config.tests, working.file, {
    files: options.files ?? [],
    cwd: options.cwd,
    env: options.env,
  });
  if (!collected.ok) {
    options.stderr.write(formatIssues(collected.issues, options.cwd, c));
    return { exitCode: 2 };
  }
  const baseTests = casesFromConfig(base.table.config.tests, undefined).map((tc) => ({
    ...tc,
    path: `${base.label} ${tc.path}`,
  }));
  const cases = uniqueCases([
    ...collected.cases,
    ...baseTests,
    ...sampleCases(working.table),
    ...sampleCases(base.table),
  ]);
  const result = await diffRouting(base.table, working.table, cases, options.now ?? Date.now());
  if (options.json) {
    options.stdout.write(`${JSON.stringify(routingDiffJson(result, base.label, options.cwd), null, 2)}\n`);
  } else options.stdout.write(formatRoutingDiff(result, base.label, options.cwd, c));
  return { exitCode: options.failOnChange && result.changed > 0 ? 1 : 0, diff: result };
}

async function loadBase(options: DiffOptions, workingFile: string) {
  if (options.baseConfig !== undefined) {
    const loaded = await loadTable({
      cwd: options.cwd,
      configPath: options.baseConfig,
      env: options.env,
    });
    if (!loaded.ok) return loaded;
    return { ok: true as const, table: loaded.table, label: options.baseConfig } satisfies BaseTable & {
      ok: true;
    };
  }
  return loadConfigAtRef(options.base ?? 'HEAD', workingFile, options.env);
}
