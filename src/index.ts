/**
 * The package's root entry: what a `gateway.config.ts` imports. Kept to `defineConfig` and
 * types (erased at run time) so that loading a config loads almost nothing else; the
 * pipeline is at `gateway/pipeline`.
 */
export { defineConfig } from './config/define.js';
export type { UserConfig } from './config/schema/index.js';
export type { ResolvedConfig } from './config/resolved.js';
export type {
  AuthOutcome,
  Decision,
  Problem,
  TargetPick,
  TraceStep,
  TransformPlan,
} from './pipeline/types.js';
