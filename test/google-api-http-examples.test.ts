import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { plan, resolved, transformOf } from './transform-support.js';

// google/api/http.proto's examples and the rest of its rules, as data: each case is an HTTP request
// and the gRPC call (method and request message) the plan must name, or the status it is refused with.

interface Case {
  name: string;
  proto: string;
  route?: { path: string; method: string; body?: string; responseBody?: string };
  request: { method: string; path: string; body?: unknown };
  call?: string;
  message?: unknown;
  responseBody?: string;
  status?: number;
}

const data = new URL('./data/', import.meta.url);
const { cases } = JSON.parse(readFileSync(new URL('google-api-http-examples.json', data), 'utf8')) as {
  cases: Case[];
};

async function planCase(c: Case) {
  const proto = new URL(`protos/http/${c.proto}`, data).pathname;
  const route = c.route
    ? {
        name: 'r',
        match: { path: c.route.path },
        upstream: 'u',
        grpc: {
          method: c.route.method,
          ...(c.route.body ? { body: c.route.body } : {}),
          ...(c.route.responseBody ? { responseBody: c.route.responseBody } : {}),
        },
      }
    : { name: 'r', match: { path: '/**' }, upstream: 'u' };
  const config = resolved({
    upstreams: { u: { targets: ['grpc://127.0.0.1:1'], protocol: 'grpc', grpc: { protos: [proto] } } },
    routes: [route],
  });
  const transform = await transformOf(config, 'r');
  const params = c.route ? routeParams(c.route.path, c.request.path) : {};
  return plan(transform, c.request.method, c.request.path, { body: c.request.body, params });
}

/** `/messages/:message_id` against `/messages/7?x` → `{ message_id: '7' }` (what the matcher captures). */
function routeParams(pattern: string, path: string): Record<string, string> {
  const parts = path.split('?')[0]!.split('/');
  const out: Record<string, string> = {};
  pattern.split('/').forEach((segment, i) => {
    if (segment.startsWith(':')) out[segment.slice(1)] = parts[i]!;
  });
  return out;
}

let passed = 0;
for (const c of cases) {
  test(c.name, async () => {
    const planned = await planCase(c);
    if (c.status !== undefined) {
      assert.is(planned.ok, false, 'refused');
      if (!planned.ok) assert.is(planned.problem.status, c.status, planned.problem.detail);
    } else {
      if (!planned.ok) assert.unreachable(planned.problem.detail);
      if (planned.ok && planned.plan.kind === 'grpc') {
        assert.is(planned.plan.method, c.call);
        assert.equal(planned.plan.message, c.message);
        assert.is(planned.plan.responseBody, c.responseBody);
      }
    }
    passed++;
  });
}

test.after(() => {
  console.log(`  google.api.http examples: ${passed} of ${cases.length} pass`);
});

test.run();
