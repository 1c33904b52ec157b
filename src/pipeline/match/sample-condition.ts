/**
 * `match.sample`: accept a share of callers, chosen by a hash of a key (the client address, a
 * header, a cookie or a query parameter), so the same caller always lands the same way. Unsalted:
 * a caller inside `sample: 0.1` is inside every `sample` of 0.1 or more, so widening a canary
 * keeps the callers it already had.
 */
import type { HashKey } from '../../config/schema/index.js';
import { readHashKey } from '../balance/hash-key.js';
import { hash32 } from '../balance/balancers/hash32.js';
import type { NormalizedRequest } from '../types.js';
import type { ConditionEntry } from './conditions.js';

export const sample: ConditionEntry = {
  name: 'sample',
  compile({ sample: settings }) {
    if (settings === undefined) return undefined;
    const { rate, key } = settings;
    const expected = `${percent(rate)} of callers by ${describeKey(key)}`;
    return (request) => {
      const position = samplePosition(key, request);
      if (position.value < rate) return undefined;
      return { condition: 'sample', expected, actual: `${position.shown} → ${percent(position.value)}` };
    };
  },
  summarize: ({ sample: settings }) =>
    settings ? `sample=${percent(settings.rate)}/${describeKey(settings.key)}` : '',
};

/**
 * Where a request's key falls in [0, 1): a hash of the key's value, or of the client address
 * when the request lacks the key.
 */
export function samplePosition(key: HashKey, request: NormalizedRequest): { value: number; shown: string } {
  const read = readHashKey(key, request);
  const value = read.value ?? request.clientIp;
  const shown = read.value === undefined ? `${read.source} missing, ip=${request.clientIp}` : read.shown;
  return { value: hash32(value) / 2 ** 32, shown };
}

function describeKey(key: HashKey): string {
  if (key === 'ip') return 'ip';
  if ('header' in key) return `header ${key.header.toLowerCase()}`;
  if ('cookie' in key) return `cookie ${key.cookie}`;
  return `query ${key.query}`;
}

function percent(value: number): string {
  return `${Math.round(value * 1000) / 10}%`;
}
