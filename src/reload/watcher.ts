/**
 * The watcher only signals: it watches the config file and every file it uses, and calls
 * `onChange` with the changed paths once a burst of saves has settled (editors write a file in
 * several steps; a formatter on save writes it twice).
 */
import { resolve } from 'node:path';
import { type FSWatcher, watch } from 'chokidar';

export interface ConfigWatcher {
  /** Replaces the watched files (after a reload the config may use different files). */
  setFiles(files: readonly string[]): void;
  /** Resolves when the initial scan is done and changes will be seen. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export interface WatchOptions {
  /** Quiet time after the last change before `onChange` runs. @default 40 */
  readonly debounceMs?: number;
}

/** Watches `files`; `onChange` receives the distinct paths changed during the burst. */
export function watchConfigFiles(
  files: readonly string[],
  onChange: (changed: readonly string[]) => void,
  options: WatchOptions = {},
): ConfigWatcher {
  const debounceMs = options.debounceMs ?? 40;
  let watched = new Set(files.map((f) => resolve(f)));
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch([...watched], { ignoreInitial: true, atomic: true });
  const ready = new Promise<void>((done) => watcher.once('ready', () => done()));

  watcher.on('all', (event, path) => {
    if (event !== 'change' && event !== 'add' && event !== 'unlink') return;
    pending.add(resolve(path));
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  });
  // A watch error (too many files, permissions) must not stop the proxy.
  watcher.on('error', () => {});

  function flush(): void {
    timer = undefined;
    const changed = [...pending];
    pending.clear();
    onChange(changed);
  }

  return {
    ready,
    setFiles(next) {
      const wanted = new Set(next.map((f) => resolve(f)));
      const added = [...wanted].filter((f) => !watched.has(f));
      const removed = [...watched].filter((f) => !wanted.has(f));
      if (added.length > 0) watcher.add(added);
      if (removed.length > 0) watcher.unwatch(removed);
      watched = wanted;
    },
    async close() {
      if (timer !== undefined) clearTimeout(timer);
      await watcher.close();
    },
  };
}
