/**
 * A generated 1,000-route config for the fuzzer: every kind of path pattern, condition,
 * rewrite, CORS and auth setting the example config has, in many combinations, plus the
 * concrete paths that reach its routes (the fuzzer mutates those).
 */
import type { UserConfig } from '../../src/config/schema/index.js';
import type { Rng } from './random.js';

/** A test-only HS256 secret (48 bytes, public). */
export const FUZZ_HS256_SECRET = 'fuzz-hs256-secret--test-only--not-a-secret-0000';
export const FUZZ_API_KEY = 'fuzz-api-key-0123456789abcdef0123';

const WORDS = [
  'api',
  'v1',
  'v2',
  'users',
  'orders',
  'items',
  'files',
  'admin',
  'public',
  'Svc',
  'docs',
  'x.png',
];

export interface GeneratedConfig {
  readonly config: UserConfig;
  /** Paths that reach the routes (params and globs filled in). */
  readonly samples: readonly string[];
}

/** Builds the config; the same `rng` state gives the same config. */
export function generateConfig(rng: Rng, routeCount = 1000): GeneratedConfig {
  const routes: NonNullable<UserConfig['routes']> = [];
  const samples: string[] = [];
  for (let i = 0; i < routeCount; i++) {
    const { pattern, sample } = generatePath(rng, i);
    samples.push(sample);
    const route: NonNullable<UserConfig['routes']>[number] = {
      name: `r${i}`,
      match: {
        path: pattern,
        ...(rng.chance(0.5) && { methods: pickMethods(rng) }),
        ...(rng.chance(0.1) && { host: rng.pick(['api.local', '*.local', 'localhost']) }),
        ...(rng.chance(0.1) && {
          headers: { 'x-tenant': rng.pick<string | boolean>(['acme', true, false]) },
        }),
        ...(rng.chance(0.05) && { query: { beta: rng.pick<string | boolean>(['1', true]) } }),
        ...(rng.chance(0.1) && { caseInsensitive: true }),
        ...(rng.chance(0.05) && { allowEncodedSlashes: true }),
        ...(rng.chance(0.02) && { allowPathParameters: true }),
      },
      ...(rng.chance(0.05) && { priority: rng.int(5) - 2 }),
      ...(rng.chance(0.05) && { methodNotAllowed: false }),
      ...(rng.chance(0.1) && { cors: { origins: ['http://app.test'], credentials: rng.chance(0.5) } }),
      ...(rng.chance(0.05) && { websocket: true }),
      auth: rng.chance(0.2) ? 'key' : rng.chance(0.06) ? { providers: 'jwt', scopes: ['read'] } : false,
    };
    if (rng.chance(0.05)) {
      routes.push({ ...route, respond: { status: 200, json: { route: i } } });
      continue;
    }
    const rewrite = generateRewrite(rng, pattern);
    routes.push({
      ...route,
      upstream: rng.pick(['one', 'three', 'hashed', 'weighted']),
      ...(rewrite && { rewrite }),
    });
  }
  const config: UserConfig = {
    server: { cors: { origins: ['http://localhost:5173'] } },
    upstreams: {
      one: 'http://127.0.0.1:1',
      three: { targets: ['http://127.0.0.1:2', 'http://127.0.0.1:3', 'http://127.0.0.1:4'] },
      hashed: {
        targets: ['http://127.0.0.1:5', 'http://127.0.0.1:6'],
        balancer: { type: 'consistent-hash', key: { header: 'x-tenant' } },
      },
      weighted: {
        targets: [{ url: 'http://127.0.0.1:7', weight: 3 }, 'http://127.0.0.1:8'],
        balancer: 'weighted-round-robin',
      },
    },
    auth: {
      key: {
        type: 'api-key',
        header: 'x-api-key',
        query: 'api_key',
        keys: [{ name: 'fuzz', key: FUZZ_API_KEY }],
      },
      jwt: { type: 'jwt', algorithms: ['HS256'], secret: FUZZ_HS256_SECRET },
    },
    defaults: { timeout: '5s', upstream: { retries: { attempts: 1 } } },
    routes,
  };
  return { config, samples };
}

function pickMethods(rng: Rng): string[] {
  const all = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
  return all.filter(() => rng.chance(0.35)).concat(rng.chance(0.5) ? ['GET'] : ['POST']);
}

function generatePath(rng: Rng, i: number): { pattern: string | { regex: string }; sample: string } {
  if (rng.chance(0.03))
    return { pattern: { regex: `^/re${i}/(?<id>\\d+)$` }, sample: `/re${i}/${rng.int(100)}` };
  const pattern: string[] = [];
  const sample: string[] = [];
  const depth = 1 + rng.int(4);
  for (let d = 0; d < depth; d++) {
    const roll = rng.next();
    if (d === 0 || roll < 0.5) {
      const word = d === 0 ? `${rng.pick(WORDS)}${rng.chance(0.7) ? i : ''}` : rng.pick(WORDS);
      pattern.push(word);
      sample.push(word);
    } else if (roll < 0.7) {
      pattern.push(`:p${d}`);
      sample.push(String(rng.int(1000)));
    } else if (roll < 0.8) {
      pattern.push('*.png');
      sample.push(`f${rng.int(10)}.png`);
    } else {
      pattern.push('**');
      sample.push(...['a', 'b', 'c'].slice(0, rng.int(4)));
      break;
    }
  }
  return { pattern: `/${pattern.join('/')}`, sample: `/${sample.join('/')}` };
}

function generateRewrite(rng: Rng, pattern: string | { regex: string }): Record<string, unknown> | undefined {
  if (typeof pattern !== 'string' || !rng.chance(0.4)) return undefined;
  const first = `/${pattern.split('/')[1]}`;
  switch (rng.int(5)) {
    case 0:
      return { stripPrefix: first };
    case 1:
      return { replacePrefix: { from: first, to: rng.pick(['/x', '/', '/api/v9']) } };
    case 2: {
      const params = pattern.split('/').filter((s) => s.startsWith(':') || s === '**');
      return { path: `/t/${params.join('/')}` };
    }
    case 3:
      return { regex: { pattern: '^/([^/]+)/(.*)$', replacement: '/$2/$1' } };
    default:
      return {
        headers: { set: { 'x-fuzz': '1' }, remove: ['cookie'] },
        query: { set: { via: 'fuzz' }, remove: ['api_key'] },
      };
  }
}
