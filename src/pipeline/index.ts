/** The decision pipeline, for tools built on gateway: compile a config, decide requests. */
export { decide } from './decide.js';
export { compileTable, type RouteTable, type CompiledRoute } from './table.js';
export { createPools, selectTarget } from './balance/index.js';
export type { DecideContext } from './context.js';
export type * from './types.js';
export { isValidTracestate, parseTraceparent, type TraceContext } from './trace-context.js';
