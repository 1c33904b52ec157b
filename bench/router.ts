// Router lookup benchmark: ns per lookup for 10, 1,000 and 10,000 routes, the request hitting a
// route declared near the end, compared with find-my-way (Fastify's router). `npm run bench:router`.
// Each figure is the median of several timed runs after a warm-up.
import FindMyWay from 'find-my-way';
import type { ResolvedRoute } from '../src/config/resolved.js';
import {
  buildRouteIndex,
  compileRoute,
  type MatchableRoute,
  matchRoute,
} from '../src/pipeline/match/index.js';
import { normalize } from '../src/pipeline/normalize.js';
import type { NormalizedRequest } from '../src/pipeline/types.js';

const SIZES = [10, 1_000, 10_000];
const RUNS = 7;
const OPS = 200_000;

function resolved(name: string, index: number, path: string, methods?: string[]): ResolvedRoute {
  return {
    name,
    index,
    match: {
      path,
      methods,
      host: undefined,
      headers: {},
      query: {},
      caseInsensitive: false,
      allowEncodedSlashes: false,
      allowPathParameters: false,
    },
    upstream: 'up',
    respond: undefined,
    rewrite: undefined,
    auth: null,
    authSource: 'none',
    priority: 0,
    timeout: undefined,
    websocket: true,
    methodNotAllowed: true,
    cors: undefined,
    grpc: undefined,
    soap: undefined,
  };
}

/** A realistic mix per service: an exact health route, a parameter route, a catch-all. */
function patterns(count: number): { path: string; methods?: string[] }[] {
  const out: { path: string; methods?: string[] }[] = [];
  for (let i = 0; out.length < count; i++) {
    out.push({ path: `/svc${i}/health`, methods: ['GET'] });
    if (out.length < count) out.push({ path: `/svc${i}/items/:id`, methods: ['GET'] });
    if (out.length < count) out.push({ path: `/svc${i}/**` });
  }
  return out;
}

function gatewayRouter(count: number) {
  const routes: MatchableRoute[] = patterns(count).map((p, i) => {
    const compiled = compileRoute(resolved(`r${i}`, i, p.path, p.methods));
    if (!compiled.ok) throw new Error(compiled.issues[0]?.message);
    return { name: `r${i}`, index: i, rank: i, match: compiled.match };
  });
  return { routes, index: buildRouteIndex(routes) };
}

function findMyWayRouter(count: number) {
  const router = FindMyWay();
  const noop = () => {};
  for (const p of patterns(count)) {
    const path = p.path.endsWith('/**') ? p.path.slice(0, -2) + '*' : p.path;
    router.on(p.methods?.[0] === 'GET' ? 'GET' : ['GET', 'POST'], path, noop);
  }
  return router;
}

/** Requests for the last service's parameter route, varied so no per-path cache makes it free. */
function lateRequests(count: number): NormalizedRequest[] {
  const service = Math.floor(count / 3) - 1;
  return Array.from({ length: 8 }, (_, i) => {
    const result = normalize(
      {
        method: 'GET',
        url: `/svc${service}/items/${1000 + i}`,
        headers: { host: 'localhost' },
        remoteAddress: '127.0.0.1',
        scheme: 'http',
      },
      { trustedProxies: [] },
    );
    if (!result.ok) throw new Error(result.reason);
    return result.request;
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median ns per call of `run(i)` over RUNS runs of `ops` calls. */
function measure(run: (i: number) => unknown, ops = OPS): number {
  let sink = 0;
  for (let i = 0; i < ops; i++) if (run(i)) sink++;
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < ops; i++) if (run(i)) sink++;
    times.push(Number(process.hrtime.bigint() - start) / ops);
  }
  if (sink < 0) console.log(sink);
  return median(times);
}

const rows: { routes: number; gateway: number; full: number; miss: number; fmw: number }[] = [];
for (const size of SIZES) {
  const { routes, index } = gatewayRouter(size);
  const requests = lateRequests(size);
  const expected = `r${(Math.floor(size / 3) - 1) * 3 + 1}`;
  const check = matchRoute(routes, index, requests[0]!, 'compact');
  if (check.route?.name !== expected)
    throw new Error(`wrong route ${check.route?.name}, expected ${expected}`);
  const missRequest = { ...requests[0]!, path: '/nowhere/at/all' };
  const router = findMyWayRouter(size);
  const paths = requests.map((r) => r.path);
  if (!router.find('GET', paths[0]!)) throw new Error('find-my-way did not find the route');
  rows.push({
    routes: size,
    gateway: measure((i) => matchRoute(routes, index, requests[i & 7]!, 'compact').route),
    full: measure(
      (i) => matchRoute(routes, index, requests[i & 7]!, 'full').route,
      Math.max(50, OPS / size / 4),
    ),
    miss: measure(
      () => matchRoute(routes, index, missRequest, 'compact').closest,
      Math.max(50, OPS / size / 4),
    ),
    fmw: measure((i) => router.find('GET', paths[i & 7]!)),
  });
}

const ns = (n: number) => (n >= 10_000 ? `${(n / 1000).toFixed(0)} µs` : `${n.toFixed(0)} ns`);
console.log(`router lookup, hit on a late route (median of ${RUNS} runs, Node ${process.version})\n`);
console.log(
  '| routes | gateway (compact, index) | gateway (full trace) | gateway miss (404 + closest) | find-my-way |',
);
console.log('|---:|---:|---:|---:|---:|');
for (const row of rows) {
  console.log(
    `| ${row.routes.toLocaleString('en')} | ${ns(row.gateway)} | ${ns(row.full)} | ${ns(row.miss)} | ${ns(row.fmw)} |`,
  );
}
const ratio = rows[2]!.gateway / rows[0]!.gateway;
console.log(
  `\nratio 10,000 / 10 routes (compact): ${ratio.toFixed(2)}× (target ≤ 3×) ${ratio <= 3 ? 'ok' : 'OVER TARGET'}`,
);
