/**
 * The fuzz run: requests from requests.ts through `decide` against the example config and a
 * generated 1,000-route config; every Decision checked (checks.ts). Used by `npm run fuzz`
 * (bench/fuzz/cli.ts) and by the seeded 10-second smoke in `npm test` (test/fuzz-smoke.test.ts).
 */
import { fileURLToPath } from 'node:url';
import { loadTable } from '../../src/commands/load-table.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { createPools } from '../../src/pipeline/balance/index.js';
import type { DecideContext } from '../../src/pipeline/context.js';
import { decide } from '../../src/pipeline/decide.js';
import { compileTable, type RouteTable } from '../../src/pipeline/table.js';
import type { Decision } from '../../src/pipeline/types.js';
import { fingerprint, forwardsDotSegment, indefinite, outcome } from './checks.js';
import { FUZZ_API_KEY, FUZZ_HS256_SECRET, generateConfig } from './generated-config.js';
import { createRng } from './random.js';
import { type Credentials, type FuzzRequest, generateRequest } from './requests.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NOW = Date.UTC(2026, 10, 26, 5);

/** One config the fuzzer sends requests through. */
export interface FuzzTarget {
  readonly name: string;
  readonly table: RouteTable;
  /** Paths that reach its routes. */
  readonly samples: readonly string[];
}

export interface FuzzFailure {
  readonly index: number;
  readonly target: string;
  readonly reason: string;
  readonly request: { method: string; url: string; headers: unknown; body: string | undefined };
}

export interface FuzzStats {
  readonly seed: number;
  requests: number;
  elapsedMs: number;
  readonly perTarget: Record<string, number>;
  readonly actions: Record<string, number>;
  readonly statuses: Record<string, number>;
  failureCount: number;
  /** The first few failures, in full. */
  readonly failures: FuzzFailure[];
}

/** The example config and the generated one, compiled. */
export async function loadTargets(seed: number): Promise<FuzzTarget[]> {
  const example = await loadTable({ cwd: ROOT, configPath: 'gateway.config.example.ts', env: {} });
  if (!example.ok) throw new Error(`example config: ${JSON.stringify(example.issues)}`);
  const generated = generateConfig(createRng(seed ^ 0x5eed));
  const resolved = resolveConfig(generated.config, { dir: ROOT });
  if (!resolved.ok) throw new Error(`generated config: ${JSON.stringify(resolved.issues.slice(0, 5))}`);
  const compiled = await compileTable(resolved.config);
  if (!compiled.ok) throw new Error(`generated config: ${JSON.stringify(compiled.issues.slice(0, 5))}`);
  return [
    { name: 'example', table: example.table, samples: exampleSamples(example.table) },
    { name: 'generated-1000', table: compiled.table, samples: generated.samples },
  ];
}

/** Runs until `count` requests are done or `seconds` have passed, whichever comes first. */
export async function runFuzz(
  targets: readonly FuzzTarget[],
  options: { seed: number; count?: number; seconds?: number; onProgress?: (stats: FuzzStats) => void },
): Promise<FuzzStats> {
  const rng = createRng(options.seed);
  const credentials = await mintCredentials();
  const count = options.count ?? Number.POSITIVE_INFINITY;
  const deadline =
    options.seconds === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.seconds * 1000;
  const stats: FuzzStats = {
    seed: options.seed,
    requests: 0,
    elapsedMs: 0,
    perTarget: {},
    actions: {},
    statuses: {},
    failureCount: 0,
    failures: [],
  };
  const start = performance.now();
  for (let index = 0; index < count; index++) {
    if ((index & 255) === 0 && Date.now() > deadline) break;
    const target = targets[index % targets.length]!;
    const request = generateRequest(rng, target.samples, credentials);
    const reason = await checkOne(target.table, request, stats);
    stats.requests++;
    stats.perTarget[target.name] = (stats.perTarget[target.name] ?? 0) + 1;
    if (reason !== undefined) recordFailure(stats, index, target.name, request, reason);
    if (options.onProgress && (index + 1) % 100_000 === 0) {
      stats.elapsedMs = performance.now() - start;
      options.onProgress(stats);
    }
  }
  stats.elapsedMs = performance.now() - start;
  return stats;
}

/** Decides one request three times (indexed, full scan, indexed again) and checks them. */
async function checkOne(
  table: RouteTable,
  request: FuzzRequest,
  stats: FuzzStats,
): Promise<string | undefined> {
  let first: Decision;
  let full: Decision;
  let again: Decision;
  try {
    first = await decide(request.input, table, context('compact'));
    full = await decide(request.input, table, context('full'));
    again = await decide(request.input, table, context('compact'));
  } catch (error) {
    return `exception: ${(error as Error)?.stack ?? error}`;
  }
  stats.actions[first.action] = (stats.actions[first.action] ?? 0) + 1;
  const status = String(first.status ?? 'forward');
  stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
  const problem = indefinite(first) ?? forwardsDotSegment(first);
  if (problem) return problem;
  const a = JSON.stringify(outcome(first));
  const b = JSON.stringify(outcome(full));
  if (a !== b) return `indexed matcher and full scan disagree:\n  indexed ${a}\n  full    ${b}`;
  if (fingerprint(first) !== fingerprint(again)) return 'the same input gave a different Decision';
  return undefined;
}

/** Pinned time and randomness, fresh balancer state: the same request always decides the same way. */
function context(trace: DecideContext['trace']): DecideContext {
  return {
    now: () => NOW,
    random: () => 0.5,
    pools: createPools(undefined, { now: () => NOW }),
    // Forward auth is asked without a network: the "service" refuses at once.
    fetch: async () => new Response('{"allowed":false}', { status: 401 }),
    trace,
  };
}

function recordFailure(
  stats: FuzzStats,
  index: number,
  target: string,
  request: FuzzRequest,
  reason: string,
): void {
  stats.failureCount++;
  if (stats.failures.length >= 20) return;
  const { method, url, headers } = request.input;
  stats.failures.push({ index, target, reason, request: { method, url, headers, body: request.body } });
}

/** Paths that reach the example's routes, from its own test cases and route patterns. */
function exampleSamples(table: RouteTable): string[] {
  const fromTests = table.config.tests.map((t) => t.request.url.split('?', 1)[0]!);
  const fromRoutes = table.config.routes.flatMap((route) =>
    typeof route.match.path === 'string'
      ? [
          route.match.path
            .replace(/:(\w+)\??/g, '42')
            .replace('**', 'a/b')
            .replace('*', 'x'),
        ]
      : [],
  );
  return [...new Set([...fromTests, ...fromRoutes])];
}

async function mintCredentials(): Promise<Credentials> {
  const { mintToken } = await import('../../fixtures/tokens.js');
  const { SignJWT } = await import('jose');
  const hs = await new SignJWT({ sub: 'fuzz', scope: 'read' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(Math.floor(NOW / 1000))
    .setExpirationTime(Math.floor(NOW / 1000) + 3600)
    .sign(new TextEncoder().encode(FUZZ_HS256_SECRET));
  const exp = Math.floor(NOW / 1000) + 3600;
  return {
    bearer: [
      await mintToken({ scope: 'orders:read', iat: Math.floor(NOW / 1000), exp }),
      await mintToken({ scope: 'orders:write', roles: ['admin'], iat: Math.floor(NOW / 1000), exp }),
      await mintToken({ exp: Math.floor(NOW / 1000) - 60 }),
      hs,
      'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.',
    ],
    apiKeys: [FUZZ_API_KEY, 'demo-key-7f3c9a1e5b2d4f60', 'wrong-key', ''],
    basic: [
      Buffer.from('admin:demo-password').toString('base64'),
      Buffer.from('admin:nope').toString('base64'),
    ],
  };
}
