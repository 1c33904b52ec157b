/**
 * Active health checks: timers and probes over the network. The bookkeeping they share with the
 * balancers (passive ejection, probe thresholds) lives in pipeline/balance, below this layer.
 */
export { type HealthCheckOptions, type HealthChecks, type SetTimer, startHealthChecks } from './active.js';
export { type ProbeTarget, probeTarget } from './probe.js';
