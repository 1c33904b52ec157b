/** Health of upstream targets: active probes, passive ejection and their thresholds. */
export { type HealthCheckOptions, type HealthChecks, type SetTimer, startHealthChecks } from './active.js';
export { ejectionDuration, isFailure, recordPassiveResult } from './passive.js';
export { type ProbeTarget, probeTarget } from './probe.js';
export type { ProbeOutcome } from './thresholds.js';
