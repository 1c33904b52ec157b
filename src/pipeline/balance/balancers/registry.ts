/**
 * Every balancer by the name the config uses. Adding an algorithm is one file and one line here;
 * the conformance suite in test/balance-conformance.test.ts runs against every entry.
 */
import type { BalancerName } from '../../../config/schema/index.js';
import { consistentHash } from './consistent-hash.js';
import { leastConnections } from './least-connections.js';
import { powerOfTwoChoices } from './power-of-two-choices.js';
import { random } from './random.js';
import { roundRobin } from './round-robin.js';
import type { Balancer } from './types.js';
import { weightedRoundRobin } from './weighted-round-robin.js';

/** The balancer registry. */
export const balancers: Readonly<Record<BalancerName, Balancer<unknown>>> = {
  'round-robin': roundRobin,
  'weighted-round-robin': weightedRoundRobin,
  'least-connections': leastConnections,
  'power-of-two-choices': powerOfTwoChoices,
  random,
  'consistent-hash': consistentHash,
};
