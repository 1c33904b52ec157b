/** retryPolicy as a table: a rule, then (method, attempt, outcome, body replayable) → decision. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canBufferBody, perTryTimeout, retryPolicy } from '../src/pipeline/balance/index.js';
import { upstream } from './balance-support.js';

const targets = ['http://127.0.0.1:4201', 'http://127.0.0.1:4202'];
const orders = upstream('orders', {
  targets,
  retries: { attempts: 2, backoff: '25ms', bufferBodyUpTo: 1024 },
});
const off = upstream('users', { targets });

const cases: [string, Parameters<typeof retryPolicy>, boolean, number, string][] = [
  [
    'a 502 on a GET is retried',
    [orders, 'GET', 1, 502, true],
    true,
    25,
    '1st retry of 2 in 25ms after status 502',
  ],
  ['back-off doubles', [orders, 'GET', 2, 'timeout', true], true, 50, '2nd retry of 2 in 50ms after timeout'],
  ['bounded by attempts', [orders, 'GET', 3, 503, true], false, 0, 'no retries left (2 of 2 used)'],
  [
    'retries off by default',
    [off, 'GET', 1, 503, true],
    false,
    0,
    'retries are off for "users" (retries.attempts: 0)',
  ],
  [
    'non-idempotent methods are not',
    [orders, 'POST', 1, 503, true],
    false,
    0,
    'POST is not retried (retries.methods: GET, HEAD, OPTIONS, PUT, DELETE)',
  ],
  [
    '…except after a connection error, when nothing was sent',
    [orders, 'post', 1, 'connect-error', true],
    true,
    25,
    '1st retry of 2 in 25ms after connect-error',
  ],
  [
    'a streamed body is never replayed',
    [orders, 'PUT', 1, 503, false],
    false,
    0,
    'the request body was streamed, not buffered (retries.bufferBodyUpTo: 1024 bytes)',
  ],
  [
    'statuses not listed are final',
    [orders, 'GET', 1, 500, true],
    false,
    0,
    'status 500 is not retried (retries.statuses: 502, 503, 504)',
  ],
  [
    'answers below 500 are not failures',
    [orders, 'GET', 1, 404, true],
    false,
    0,
    'status 404 is not a failure',
  ],
  ['success is final', [orders, 'GET', 1, 'success', true], false, 0, 'success is not a failure'],
  ['the client went away', [orders, 'GET', 1, 'aborted', true], false, 0, 'the client went away'],
];

for (const [rule, args, retry, delayMs, reason] of cases) {
  test(rule, () => {
    assert.equal(retryPolicy(...args), { retry, delayMs, reason });
  });
}

test('per-try timeout and body buffering helpers', () => {
  assert.is(perTryTimeout(orders), 30_000);
  assert.is(perTryTimeout(upstream('x', { targets, retries: { attempts: 1, perTryTimeout: '2s' } })), 2000);
  assert.is(canBufferBody(orders, 1024), true);
  assert.is(canBufferBody(orders, 1025), false);
  assert.is(canBufferBody(orders, undefined), false);
  assert.is(canBufferBody(off, 0), true);
});

test.run();
