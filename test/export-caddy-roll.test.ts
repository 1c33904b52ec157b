/** Caddy's per-request draws (a split's weights, a fault's percent) from the request UUID's hex digits. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROLL_RANGE, rollBelow, rollThreshold } from '../src/export/caddy/roll.js';

const regexOf = (line: string) => new RegExp(JSON.parse(line.slice(line.indexOf('"'))) as string);

test('"below N" holds for exactly the N smallest of the 65536 draws, at either set of digits', () => {
  for (const threshold of [1, 0x10, 0x1999, 0x8000, 0xe666, 0xabcd, 0xffff]) {
    for (const digits of ['split', 'fault'] as const) {
      const regex = regexOf(rollBelow(digits, threshold));
      let below = 0;
      for (let draw = 0; draw < ROLL_RANGE; draw++) {
        const hex = draw.toString(16).padStart(4, '0');
        // The other four digits are set to the largest value, so only the read ones decide.
        const uuid =
          digits === 'split'
            ? `${hex}ffff-ffff-4fff-bfff-ffffffffffff`
            : `ffff${hex}-ffff-4fff-bfff-ffffffffffff`;
        const matched = regex.test(uuid);
        assert.is(matched, draw < threshold, `${digits} ${threshold.toString(16)}: draw ${hex}`);
        if (matched) below++;
      }
      assert.is(below, threshold);
    }
  }
});

test('shares that round to 0 or 1 never or always match; thresholds round to the nearest 1/65536', () => {
  const uuid = '0000abcd-ffff-4fff-bfff-ffffffffffff';
  assert.not.ok(regexOf(rollBelow('split', 0)).test(uuid));
  assert.ok(regexOf(rollBelow('split', ROLL_RANGE)).test('ffffffff-ffff-4fff-bfff-ffffffffffff'));
  assert.is(rollThreshold(0.9), 58982);
  assert.is(rollThreshold(0.2), 13107);
  assert.is(rollThreshold(1.5), ROLL_RANGE);
});

test.run();
