/** Which known requests two route tables decide differently: `gateway diff` and the reload summary. */
export {
  type ChangeGroup,
  diffRouting,
  type RequestChange,
  type RoutingDiff,
} from './compare.js';
export { formatRoutingDiff, routingDiffJson, summaryLine } from './format.js';
export { type BaseTable, loadConfigAtRef } from './git-base.js';
export { createTestGate, type TestGateOptions } from './reload-gate.js';
export { caseSource, requestKey, sampleCases, uniqueCases } from './known.js';
export { decideCase, OUTCOME_FIELDS, type OutcomeField, outcomeOf, type RequestOutcome } from './outcome.js';
