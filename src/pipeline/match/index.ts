/** The match stage: compile routes' conditions once, index them, find a request's route. */
export type {
  CompiledMatch,
  CompileRoute,
  CompileRouteResult,
  MatchableRoute,
  MatchMode,
  MatchOutcome,
  MatchResult,
  RouteIndex,
} from './api.js';
export { compileRoute } from './compile.js';
export { matchRoute } from './match-route.js';
export { buildRouteIndex } from './route-index.js';
