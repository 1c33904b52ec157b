/**
 * Parity on the real nginx: the demo config exported, nginx started on a free loopback port in
 * front of the fixture services (free ports too), and the config's own cases sent with
 * `gateway test --live --target`. Every case the exporter did not report unsupported passes.
 * Probes check what the demo's cases do not: the mirror's copy arriving, the split's
 * proportions, the rate limit's 429, the redirect's Location.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ENGINES } from '../scripts/parity/engines.js';
import { runParity } from '../scripts/parity/harness.js';
import {
  parityCheck,
  probeCorsAndWebSocket,
  probeEncodedSlashes,
  probeForwardAuth,
} from './parity-support.js';

const API_KEY = 'demo-key-7f3c9a1e5b2d4f60';

test('nginx: every supported case of the demo config passes through the exported nginx', async () => {
  const result = await runParity(ENGINES.find((e) => e.name === 'nginx')!, {
    probe: async (base) => [
      ...(await probeCorsAndWebSocket(base)),
      ...(await probeEncodedSlashes(base)),
      ...(await probeForwardAuth(base)),
      ...(await probeRouteFeatures(base)),
    ],
  });
  parityCheck(result);
  assert.equal(result.probed, [], 'CORS, WebSocket, encoded slashes, forward auth and route features');
  // JWT (3 cases: nginx answers 401, fail closed), transcoding (4, gRPC-Web included),
  // gateway's own trace context (2), its 405 for a wrong method and its 400 for a path it will
  // not normalize, the OpenAPI mock (pets) and the fault route's delay (flaky) are the gaps.
  assert.is(result.unsupported.length, 14, JSON.stringify(result.unsupported, null, 2));
  assert.ok(result.results.length - result.unsupported.length >= 18);
});

/** The mirror, split, rate limit, redirect and mock answers of the demo's routes through nginx. */
async function probeRouteFeatures(base: string): Promise<string[]> {
  const problems: string[] = [];
  // Mirror: a POST to /shadow/orders reaches orders and, as a copy, the canary (body included).
  const sku = `MIRROR-${process.pid}`;
  const shadow = await fetch(`${base}/shadow/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sku, quantity: 2 }),
  });
  const created = (await shadow.json()) as { instance?: string };
  if (shadow.status !== 201 || !created.instance?.startsWith('orders-'))
    problems.push(`shadow: ${shadow.status}`);
  if (created.instance === 'orders-v2-1') problems.push('shadow: the client got the copy’s answer');
  if (shadow.headers.get('cache-control') !== 'no-store') problems.push('shadow: no cache-control: no-store');
  let copied = false;
  // The copy is not waited for: look until it is there (at most 50 looks), through the engine's
  // own pin, so the probe holds whichever canary instance the harness wires in.
  for (let i = 0; i < 50 && !copied; i++) {
    const answer = await fetch(`${base}/canary/orders`, { headers: { 'x-canary': 'orders-v2' } });
    const list = (await answer.json()) as {
      instance?: string;
      orders?: { sku?: string; quantity?: number }[];
    };
    copied =
      list.instance === 'orders-v2-1' && (list.orders ?? []).some((o) => o.sku === sku && o.quantity === 2);
    if (!copied) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!copied) problems.push('mirror: the canary never received the copy');
  // Split: 400 unpinned requests, about 10% on the canary (a wide band: nginx draws, not a seed).
  let onCanary = 0;
  for (let i = 0; i < 400; i++) {
    const answer = await fetch(`${base}/canary/orders/1`);
    const body = (await answer.json()) as { instance?: string };
    if (body.instance === 'orders-v2-1') onCanary++;
  }
  if (onCanary < 12 || onCanary > 80) problems.push(`split: ${onCanary} of 400 on the canary`);
  const pinned = await fetch(`${base}/canary/orders/1`, { headers: { 'x-canary': 'orders' } });
  if (((await pinned.json()) as { instance?: string }).instance === 'orders-v2-1')
    problems.push('split: x-canary: orders still reached the canary');
  // Rate limit: a bucket of 5, one more a second — 20 requests at once cannot all pass.
  const answers = await Promise.all(
    Array.from({ length: 20 }, () => fetch(`${base}/quota/x`, { headers: { 'x-api-key': API_KEY } })),
  );
  const limited = answers.filter((a) => a.status === 429);
  const bodies = await Promise.all(answers.map((a) => a.text()));
  if (limited.length === 0) problems.push('rate limit: no 429 among 20 requests at once');
  const refused = limited[0];
  if (refused && refused.headers.get('ratelimit-policy') !== '"quota";q=60;w=60')
    problems.push(`rate limit: 429 without RateLimit-Policy (${refused.headers.get('ratelimit-policy')})`);
  if (refused && !bodies[answers.indexOf(refused)]!.includes('"urn:gateway:quota-exceeded"'))
    problems.push('rate limit: 429 without the problem document');
  // Redirect: the rest of the path and the query move; a bare prefix too.
  const moved = await fetch(`${base}/docs/a/b%20c?x=1`, { redirect: 'manual' });
  if (moved.status !== 308 || moved.headers.get('location') !== 'https://gateway.dev/guide/a/b%20c?x=1')
    problems.push(`redirect: ${moved.status} ${moved.headers.get('location')}`);
  const bare = await fetch(`${base}/docs`, { redirect: 'manual' });
  if (bare.headers.get('location') !== 'https://gateway.dev/guide')
    problems.push(`redirect of /docs: ${bare.headers.get('location')}`);
  // Faults: a header-asked abort is gateway's problem document, marked injected.
  const aborted = await fetch(`${base}/flaky/x`, { headers: { 'x-gateway-fault-abort': '500' } });
  const fault = (await aborted.json()) as { injected?: boolean };
  if (aborted.status !== 500 || fault.injected !== true) problems.push(`fault: ${aborted.status}`);
  // Mock: the first answer of the sequence, and a template filled from the path and query.
  const mocked = await fetch(`${base}/mock/users/9?lang=fr`);
  const user = (await mocked.json()) as { id?: string; lang?: string; name?: string };
  if (user.id !== '9' || user.lang !== 'fr' || user.name !== 'Ada')
    problems.push(`mock: ${JSON.stringify(user)}`);
  return problems;
}

test.run();
