/** `gateway test`'s engine: cases, the runner (static and live), coverage and reporters. */
export { casesFromConfig, casesFromFile, findTestFiles, TEST_FILE_PATTERN } from './cases.js';
export { compareDecision, type LiveResponse, upstreamHeaders } from './compare.js';
export { routeCoverage } from './coverage.js';
export { type LiveGateway, startLiveGateway } from './live.js';
export { REPORTERS, type ReportContext, type Reporter, type ReporterName } from './reporters/index.js';
export { type RunCasesOptions, runCases } from './run.js';
export type { CaseResult, Mismatch, RouteCoverage, TestCase, TestRun } from './types.js';
