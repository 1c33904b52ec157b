/**
 * Rate-limit buckets in the routes panel: under each limited route, its buckets (most recently
 * used first) with a fill bar and how many requests each turned away.
 *
 *   └ ip 127.0.0.1          ███░░ 3/5  2 limited
 */
import type { BucketFill } from '../../pipeline/rate-limit/index.js';
import { fit, type Segment } from './text.js';

/** Buckets shown per route; the rest are counted. */
export const BUCKETS_PER_ROUTE = 3;
const BAR = 5;

/** The bucket lines for `route`, fitted to `width`. */
export function bucketLines(buckets: readonly BucketFill[], route: string, width: number): Segment[][] {
  const mine = buckets.filter((b) => b.route === route);
  const lines = mine.slice(0, BUCKETS_PER_ROUTE).map((bucket) => bucketLine(bucket, width));
  if (mine.length > BUCKETS_PER_ROUTE)
    lines.push([{ text: fit(`  └ … ${mine.length - BUCKETS_PER_ROUTE} more buckets`, width), tone: 'dim' }]);
  return lines;
}

/** `███░░ 3/5`: whole tokens left of the bucket's size. */
export function fillBar(tokens: number, burst: number): string {
  const whole = Math.floor(tokens);
  const filled = Math.round((Math.min(whole, burst) / burst) * BAR);
  return `${'█'.repeat(filled)}${'░'.repeat(BAR - filled)} ${whole}/${burst}`;
}

const FILL_WIDTH = 12;
const LIMITED_WIDTH = 11;

/** `  └ <key>  <fill>  <n limited>`, exactly `width` columns: the fills line up under each other. */
function bucketLine(bucket: BucketFill, width: number): Segment[] {
  const keyWidth = Math.max(4, width - 4 - 1 - FILL_WIDTH - 1 - LIMITED_WIDTH);
  const limited = bucket.limited > 0 ? `${bucket.limited} limited` : '';
  return [
    { text: '  └ ', tone: 'dim' },
    { text: fit(bucket.key, keyWidth), tone: 'dim' },
    { text: ' ' },
    {
      text: fit(fillBar(bucket.tokens, bucket.burst), FILL_WIDTH),
      tone: Math.floor(bucket.tokens) === 0 ? 'error' : 'ok',
    },
    { text: ' ' },
    { text: fit(limited, LIMITED_WIDTH), tone: 'warn' },
  ];
}
