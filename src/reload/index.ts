/** Live reload: a watcher that signals, an applier that loads, diffs and swaps the route table. */
export { createReloader, type LoadedTable, type Reloader, type ReloaderOptions } from './applier.js';
export { diffConfigs, isEmptyDiff, summarizeDiff } from './diff.js';
export type { GateVerdict, ReloadGate } from './gate.js';
export { type ConfigWatcher, watchConfigFiles, type WatchOptions } from './watcher.js';
