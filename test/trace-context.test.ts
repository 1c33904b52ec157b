/**
 * W3C Trace Context: the test suite of w3c/trace-context (test/test.py, strict level 2) written out
 * again as data — each case a request's headers and what the upstream must receive — run against
 * the pipeline's decision, then the same through the real proxy to the echo fixture.
 */
import { tmpdir } from 'node:os';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEcho } from '../fixtures/echo.js';
import { resolveConfig } from '../src/config/resolve.js';
import { createPools, decide } from '../src/pipeline/index.js';
import { compileTable, type RouteTable } from '../src/pipeline/table.js';
import { decideTraceContext, parseTraceparent } from '../src/pipeline/trace-context.js';
import type { Headers } from '../src/pipeline/types.js';
import { send, startTestGateway } from './proxy-harness.js';

const ID = '12345678901234567890123456789012';
const PARENT = '1234567890123456';
const VALID = `00-${ID}-${PARENT}-01`;

/** [what the suite calls it, the traceparent value(s) sent, whether the trace-id is kept]. */
const TRACEPARENT_CASES: [string, string | string[], boolean][] = [
  ['traceparent included', VALID, true],
  ['duplicated', [`00-${ID.slice(0, -1)}1-${PARENT}-01`, VALID], false],
  ['version 00 with a trailing character', `${VALID}.`, false],
  ['version 00 with future fields', `${VALID}-what-the-future-will-be-like`, false],
  ['version cc', `cc-${ID}-${PARENT}-01`, true],
  ['version cc with future fields', `cc-${ID}-${PARENT}-01-what-the-future-will-be-like`, true],
  ['version cc, future fields not after "-"', `cc-${ID}-${PARENT}-01.what-the-future-will-be-like`, false],
  ['version ff', `ff-${ID}-${PARENT}-01`, false],
  ['version illegal character (first)', `.0-${ID}-${PARENT}-01`, false],
  ['version illegal character (second)', `0.-${ID}-${PARENT}-01`, false],
  ['version too long (3)', `000-${ID}-${PARENT}-01`, false],
  ['version too long (4)', `0000-${ID}-${PARENT}-01`, false],
  ['version too short', `0-${ID}-${PARENT}-01`, false],
  ['trace-id all zero', `00-${'0'.repeat(32)}-${PARENT}-01`, false],
  ['trace-id illegal character (first)', `00-.${ID.slice(1)}-${PARENT}-01`, false],
  ['trace-id illegal character (last)', `00-${ID.slice(0, -1)}.-${PARENT}-01`, false],
  ['trace-id too long', `00-${ID}3-${PARENT}-01`, false],
  ['trace-id too short', `00-${ID.slice(0, -1)}-${PARENT}-01`, false],
  ['trace-id upper-case', `00-${ID.slice(0, -1)}A-${PARENT}-01`, false],
  ['parent-id all zero', `00-${ID}-${'0'.repeat(16)}-01`, false],
  ['parent-id illegal character (first)', `00-${ID}-.${PARENT.slice(1)}-01`, false],
  ['parent-id illegal character (last)', `00-${ID}-${PARENT.slice(0, -1)}.-01`, false],
  ['parent-id too long', `00-${ID}-${PARENT}7-01`, false],
  ['parent-id too short', `00-${ID}-${PARENT.slice(0, -1)}-01`, false],
  ['trace-flags illegal character (first)', `00-${ID}-${PARENT}-.0`, false],
  ['trace-flags illegal character (second)', `00-${ID}-${PARENT}-0.`, false],
  ['trace-flags too long', `00-${ID}-${PARENT}-001`, false],
  ['trace-flags too short', `00-${ID}-${PARENT}-1`, false],
  ['OWS before (space)', ` ${VALID}`, true],
  ['OWS before (tab)', `\t${VALID}`, true],
  ['OWS after (space)', `${VALID} `, true],
  ['OWS after (tab)', `${VALID}\t`, true],
  ['OWS both sides', `\t ${VALID} \t`, true],
];

const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789_-*/';
const VALUE = [
  [0x20, 0x2b],
  [0x2d, 0x3c],
  [0x3e, 0x7e],
]
  .flatMap(([from, to]) => Array.from({ length: to! - from! + 1 }, (_, i) => String.fromCharCode(from! + i)))
  .join('');
const members = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => {
    const n = String(from + i).padStart(2, '0');
    return `bar${n}=${n}`;
  }).join(',');

/** [name, tracestate value(s) sent with a valid traceparent, whether it is passed on]. */
const TRACESTATE_CASES: [string, string | string[], boolean][] = [
  ['inherited', 'foo=1,bar=2', true],
  ['empty header', '', false],
  ['empty header after a valid one', ['foo=1', ''], true],
  ['empty header before a valid one', ['', 'foo=1'], true],
  ['multiple headers, different keys', ['foo=1,bar=2', 'rojo=1,congo=2', 'baz=3'], true],
  ['duplicated keys, same value', 'foo=1,foo=1', false],
  ['duplicated keys, different values', 'foo=1,foo=2', false],
  ['duplicated keys across headers', ['foo=1', 'foo=2'], false],
  ['all allowed characters', `${KEY}=${VALUE}`, true],
  ['all allowed characters, vendor key', `${KEY}@a-z0-9_-*/=${VALUE}`, true],
  ['OWS around members', 'foo=1 \t , \t bar=2, \t baz=3', true],
  ['OWS before the first member', ' foo=1', true],
  ['OWS after the last member', 'foo=1\t', true],
  ['key with a space', 'foo =1', false],
  ['upper-case key', 'FOO=1', false],
  ['key with a dot', 'foo.bar=1', false],
  ['vendor key: empty system-id', 'foo@=1,bar=2', false],
  ['vendor key: empty tenant-id', '@foo=1,bar=2', false],
  ['vendor key: two @', 'foo@@bar=1,bar=2', false],
  ['vendor key: three parts', 'foo@bar@baz=1,bar=2', false],
  ['32 members', [members(1, 10), members(11, 20), members(21, 30), members(31, 32)], true],
  ['33 members', [members(1, 10), members(11, 20), members(21, 30), members(31, 33)], false],
  ['key of 256 characters', ['foo=1', `${'z'.repeat(256)}=1`], true],
  ['key of 257 characters', ['foo=1', `${'z'.repeat(257)}=1`], false],
  ['tenant of 241, system of 14', ['foo=1', `${'t'.repeat(241)}@${'v'.repeat(14)}=1`], true],
  ['tenant of 242', ['foo=1', `${'t'.repeat(242)}@v=1`], false],
  ['system of 15', ['foo=1', `t@${'v'.repeat(15)}=1`], false],
  ['value with "="', 'foo=bar=baz', false],
  ['empty value', 'foo=,bar=3', false],
];

/** Node joins repeated headers with ", " (`joinDuplicateHeaders`); a traceparent stays a list to show it was repeated. */
const joined = (value: string | string[]) => (Array.isArray(value) ? value.join(', ') : value);

/** A fixed sequence of numbers in (0, 1): distinct ids, the same every run. */
let counter = 0;
const random = () => {
  counter = (counter * 7 + 3) % 97;
  return (counter + 1) / 100;
};

test('traceparent: the W3C suite’s cases, as data', () => {
  let passed = 0;
  for (const [name, value, kept] of TRACEPARENT_CASES) {
    const { context, edits } = decideTraceContext({ traceparent: value }, random);
    const sent = edits.set.traceparent!;
    assert.match(sent, /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/, name);
    assert.ok(parseTraceparent(sent).ok, name);
    assert.is(sent.slice(3, 35) === ID, kept, `${name}: trace-id ${kept ? 'kept' : 'replaced'}`);
    assert.is.not(sent.slice(36, 52), PARENT, `${name}: the gateway is the new parent`);
    assert.is(context.origin, kept ? 'continued' : 'restarted', name);
    if (kept) assert.is(context.parentId, PARENT, name);
    passed++;
  }
  assert.is(passed, TRACEPARENT_CASES.length);
});

test('tracestate: passed on when valid, dropped when empty or malformed (strict level 2 cases)', () => {
  let passed = 0;
  for (const [name, value, kept] of TRACESTATE_CASES) {
    const { edits } = decideTraceContext({ traceparent: VALID, tracestate: joined(value) }, random);
    assert.is(!edits.remove.includes('tracestate'), kept, name);
    passed++;
  }
  assert.is(passed, TRACESTATE_CASES.length);
  // Without (or with an invalid) traceparent, tracestate never passes.
  for (const headers of [
    { tracestate: 'foo=1' },
    { traceparent: `ff-${ID}-${PARENT}-01`, tracestate: 'foo=1' },
  ])
    assert.equal(decideTraceContext(headers as Headers, random).edits.remove, ['tracestate']);
});

test('ids come from random: never all zeros, even from a random() that returns 0', () => {
  const { context } = decideTraceContext({}, () => 0);
  assert.is(context.traceId, `${'0'.repeat(31)}1`);
  assert.is(context.spanId, `${'0'.repeat(15)}1`);
  assert.is(context.origin, 'started');
});

async function table(upstream: string): Promise<RouteTable> {
  const resolved = resolveConfig(
    {
      upstreams: { echo: upstream },
      routes: [
        { name: 'echo', match: { path: '/echo/**' }, upstream: 'echo' },
        { name: 'teapot', match: { path: '/tea' }, respond: { status: 418, body: 'short and stout' } },
      ],
    },
    { dir: tmpdir() },
  );
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.issues));
  const compiled = await compileTable(resolved.config);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
  return compiled.table;
}

test('decide: a header edit in the Decision, deterministic with pinned random; answers carry the context too', async () => {
  const t = await table('http://127.0.0.1:9');
  const ctx = () => ({
    now: () => 0,
    random: () => 0.5,
    pools: createPools(undefined, { now: () => 0 }),
    fetch,
    trace: 'full' as const,
  });
  const input = (url: string, headers: Headers) => ({
    method: 'GET',
    url,
    headers: { host: 'localhost', ...headers },
    remoteAddress: '127.0.0.1',
    scheme: 'http' as const,
  });
  const continued = await decide(input('/echo/a', { traceparent: VALID, tracestate: 'x=1' }), t, ctx());
  assert.is(continued.action, 'forward');
  assert.is(continued.headers?.set.traceparent, `00-${ID}-8000000080000000-01`);
  assert.not.ok(continued.headers?.remove.includes('tracestate'));
  assert.equal(continued.traceContext, {
    traceId: ID,
    spanId: '8000000080000000',
    parentId: PARENT,
    flags: '01',
    origin: 'continued',
    traceparent: `00-${ID}-8000000080000000-01`,
  });
  const again = await decide(input('/echo/a', { traceparent: VALID, tracestate: 'x=1' }), t, ctx());
  assert.equal(again.traceContext, continued.traceContext);

  const invalid = await decide(input('/echo/a', { traceparent: 'garbage', tracestate: 'x=1' }), t, ctx());
  assert.is(invalid.traceContext?.origin, 'restarted');
  assert.is(invalid.traceContext?.invalid, 'version is not 2 lower-case hex digits');
  assert.ok(invalid.headers?.remove.includes('tracestate'));

  const answered = await decide(input('/tea', {}), t, ctx());
  assert.is(answered.action, 'respond');
  assert.is(answered.traceContext?.origin, 'started');
  assert.is(answered.headers?.set.traceparent, undefined);
  const missing = await decide(input('/nowhere', { traceparent: VALID }), t, ctx());
  assert.is(missing.action, 'reject');
  assert.is(missing.traceContext?.traceId, ID);
});

test('live: the upstream gets the trace-id with the gateway as parent; the log event has the same traceparent', async () => {
  const echo = await startEcho();
  const gw = await startTestGateway({
    upstreams: { echo: echo.url },
    routes: [{ name: 'echo', match: { path: '/echo/**' }, upstream: 'echo' }],
  });
  try {
    const parents = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await send(`${gw.url}/echo/x`, {
        headers: { traceparent: VALID, tracestate: 'foo=1,bar=2' },
      });
      const got = JSON.parse(res.body).headers as Record<string, string>;
      assert.is(got.traceparent!.slice(0, 36), `00-${ID}-`);
      assert.is(got.tracestate, 'foo=1,bar=2');
      parents.add(got.traceparent!.slice(36, 52));
      assert.is(gw.finished.at(-1)?.decision?.traceContext?.traceparent, got.traceparent);
    }
    // A new span per request, none of them the caller's.
    assert.is(parents.size, 3);
    assert.not.ok(parents.has(PARENT));

    const fresh = JSON.parse((await send(`${gw.url}/echo/y`, { headers: { tracestate: 'foo=1' } })).body);
    assert.match(fresh.headers.traceparent, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    assert.is(fresh.headers.tracestate, undefined);
    const zero = `00-${'0'.repeat(32)}-${PARENT}-01`;
    const restarted = JSON.parse(
      (await send(`${gw.url}/echo/z`, { headers: { traceparent: zero, tracestate: 'foo=1' } })).body,
    );
    assert.is.not(restarted.headers.traceparent.slice(3, 35), '0'.repeat(32));
    assert.is(restarted.headers.tracestate, undefined);
  } finally {
    await gw.close();
    await echo.close();
  }
});

test.run();
