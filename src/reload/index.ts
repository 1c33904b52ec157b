/** Live reload: a watcher that signals, an applier that loads, diffs and swaps the route table. */
export { createReloader, type LoadedTable, type Reloader, type ReloaderOptions } from './applier.js';
export { diffConfigs, isEmptyDiff, summarizeDiff } from './diff.js';
export { createTestGate, type GateVerdict, type ReloadGate, type TestGateOptions } from './test-gate.js';
export { type ConfigWatcher, watchConfigFiles, type WatchOptions } from './watcher.js';
