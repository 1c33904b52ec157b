/**
 * The single applier: load → compile → swap. On success the new table serves every request that
 * starts from then on and `reload-succeeded` says what changed; on failure the old table keeps
 * serving and `reload-failed` carries the issues (file:line). Reloads never overlap: a change
 * during a reload runs one more reload afterwards. A change that leaves the resolved config and the
 * files the table is compiled from (protos, WSDLs, keys) as they were — a comment, a touch — is skipped.
 */
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import type { Result } from '../config/issues.js';
import type { GatewayEventBus } from '../events.js';
import type { LoadedTable } from '../pipeline/loaded-table.js';
import type { RouteTable } from '../pipeline/table.js';
import { diffConfigs } from './diff.js';

/** What a successful load gives the applier. */
export type { LoadedTable };

export interface ReloaderOptions {
  /** Loads and compiles the config afresh. */
  readonly load: () => Promise<Result<LoadedTable>>;
  /** The table serving now. */
  readonly current: () => RouteTable;
  /** Makes `table` serve new requests (swap the generation, restart health checks). */
  readonly apply: (table: RouteTable) => void;
  /** Called with the new watch list after each successful load. */
  readonly watch: (files: readonly string[]) => void;
  readonly events: GatewayEventBus;
  /** The config file, for manual reloads and failures before the file is known. */
  readonly configFile: string;
  /** Files the current table was compiled from besides the config (protos, WSDLs, keys): `table.files`. */
  readonly files: readonly string[];
}

export interface Reloader {
  /** Reloads because `changed` files changed (the config file when omitted); resolves when done. */
  reload(changed?: readonly string[]): Promise<void>;
}

/** Creates the applier. */
export function createReloader(options: ReloaderOptions): Reloader {
  let running: Promise<void> | undefined;
  let queued: string[] | undefined;
  let contents = snapshot(options.files);

  async function run(changed: readonly string[], force: boolean): Promise<void> {
    const started = performance.now();
    const file = changed[0] ?? options.configFile;
    const loaded = await options.load();
    if (!loaded.ok) {
      options.events.emit('reload-failed', { file, issues: loaded.issues });
      return;
    }
    const before = options.current();
    const nextContents = snapshot(loaded.table.files);
    const [previousFiles, nextFiles] = await Promise.all([contents, nextContents]);
    if (
      !force &&
      isDeepStrictEqual(before.config, loaded.table.config) &&
      isDeepStrictEqual(previousFiles, nextFiles)
    ) {
      // A save that changed nothing the table is built from (a comment, a touch): keep the table.
      return;
    }
    contents = nextContents;
    options.apply(loaded.table);
    options.watch(loaded.dependencies);
    options.events.emit('reload-succeeded', {
      file,
      routes: loaded.table.routes.length,
      diff: diffConfigs(before.config, loaded.table.config),
      durationMs: performance.now() - started,
    });
  }

  async function reload(changed: readonly string[] = [], force = changed.length === 0): Promise<void> {
    if (running !== undefined) {
      queued = [...(queued ?? []), ...changed];
      return running;
    }
    running = run(changed, force).finally(() => {
      running = undefined;
    });
    await running;
    if (queued !== undefined) {
      const next = queued;
      queued = undefined;
      await reload(next, false);
    }
  }

  return { reload: (changed) => reload(changed) };
}

/** The text of each file (`undefined` when unreadable), to tell a real change from a touch. */
async function snapshot(files: readonly string[]): Promise<Record<string, string | undefined>> {
  const entries = await Promise.all(
    files.map(async (f) => [f, await readFile(f, 'utf8').catch(() => undefined)] as const),
  );
  return Object.fromEntries(entries);
}
