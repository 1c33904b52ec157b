/** Fault injection: the fault stage, header-asked faults and the UI's chaos overlay. */
export { CHAOS_FAULT, type ChaosOverlay, createChaosOverlay } from './chaos.js';
export { decideFault, type FaultOutcome, faultSummary, formatBandwidth } from './decide-fault.js';
export { faultProblem } from './problem.js';
export {
  FAULT_ABORT_HEADER,
  FAULT_BANDWIDTH_HEADER,
  FAULT_DELAY_HEADER,
  MAX_HEADER_DELAY_MS,
} from './request-headers.js';
