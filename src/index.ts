/** The package's public API: `defineConfig` and the types a config and its tooling use. */
export { defineConfig } from './config/define.js';
export type { UserConfig } from './config/schema/index.js';
export type { ResolvedConfig } from './config/resolved.js';
export type { Decision, TraceStep, Problem, AuthOutcome, TargetPick, TransformPlan } from './pipeline/types.js';
export { decide } from './pipeline/decide.js';
export { compileTable, type RouteTable } from './pipeline/table.js';
