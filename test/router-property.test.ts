// Property: for any table and request, the index (`compact`) and the full scan pick the same
// route with the same params, and name the same closest route on a miss. Seeded: a failure
// prints its seed; rerun with ROUTER_SEED=<seed> to reproduce.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ResolvedRoute, ValueMatcher } from '../src/config/resolved.js';
import { matchRoute } from '../src/pipeline/match/index.js';
import { compilePathPattern } from '../src/pipeline/match/path-pattern.js';
import { request, route, table } from './match-helpers.js';

const TABLES = 1500;
const REQUESTS_PER_TABLE = 40;
const seed = Number(process.env.ROUTER_SEED ?? Date.now() % 2 ** 31);
console.log(`router-property seed: ${seed} (ROUTER_SEED=${seed} reproduces)`);

/** mulberry32: small, fast, good enough for test data. */
function prng(state: number): () => number {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['a', 'b', 'c', 'A', 'v1', 'x.png', 'caf%C3%A9', 'items'];
const GLOBS = ['*.png', '{a,b}', '[a-c]', '*', 'v*'];
const PREFIXES = ['/a', '/a/', '/v', '/v1/i', '/', '/x.p', '/A/b', '/caf%C3%A9'];
const REGEXES = [/^\/a/, /^\/(?<x>[a-c])\/b$/i, /\.png$/, /^\/v1\/(?<rest>.*)$/, /^\/$/];

function generate(random: () => number) {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const chance = (p: number) => random() < p;

  function pattern(): string | RegExp {
    if (chance(0.1)) return pick(REGEXES);
    const parts: string[] = [];
    const length = Math.floor(random() * 4);
    let globstar = false;
    for (let i = 0; i < length; i++) {
      const roll = random();
      if (roll < 0.55) parts.push(pick(WORDS));
      else if (roll < 0.7) parts.push(`:p${i}${chance(0.3) ? '?' : ''}`);
      else if (roll < 0.85) parts.push(pick(GLOBS));
      else if (!globstar) {
        parts.push('**');
        globstar = true;
      }
    }
    return '/' + parts.join('/') + (parts.length > 0 && chance(0.15) ? '/' : '');
  }

  function values(names: readonly string[]): Record<string, ValueMatcher> {
    const out: Record<string, ValueMatcher> = {};
    for (const name of names) {
      if (!chance(0.15)) continue;
      out[name] = pick<ValueMatcher>([
        { kind: 'present' },
        { kind: 'absent' },
        { kind: 'exact', value: 'v' },
        { kind: 'regex', regex: /^v/ },
        { kind: 'exact', value: 'v', first: true },
      ]);
    }
    return out;
  }

  function routes(): ResolvedRoute[] {
    const count = 1 + Math.floor(random() * 25);
    return Array.from({ length: count }, (_, i) =>
      route(
        `r${i}`,
        {
          // Byte prefixes beside patterns: they index on their complete segments only.
          ...(chance(0.15) ? { prefix: pick(PREFIXES) } : { path: pattern() }),
          methods: chance(0.3) ? pick([['GET'], ['POST'], ['GET', 'POST'], ['PUT']]) : undefined,
          host: chance(0.2)
            ? pick([
                ['a.test'],
                ['*.test'],
                [/^b\./],
                ['a.test:80'],
                ['a.test:8080', '*.example'],
                ['x.test:*'],
              ])
            : undefined,
          headers: values(['x-t']),
          query: values(['q']),
          clientIp: chance(0.1) ? pick([['127.0.0.0/8'], ['10.0.0.0/8', '::1']]) : undefined,
          sample: chance(0.1)
            ? { rate: pick([0.3, 0.7]), key: pick<'ip' | { header: string }>(['ip', { header: 'x-t' }]) }
            : undefined,
          grpc: chance(0.1) ? pick([true, false]) : undefined,
          caseInsensitive: chance(0.2),
          allowEncodedSlashes: chance(0.1),
        },
        pick([0, 0, 0, 1, 5, -1]),
      ),
    );
  }

  function url(): string {
    const length = Math.floor(random() * 5);
    const parts = Array.from({ length }, () => {
      const word = chance(0.1) ? pick(['z', 'a%2Fb', '..', '', 'ITEMS', 'x.PNG']) : pick(WORDS);
      return chance(0.15) ? word.toUpperCase() : word;
    });
    return (
      '/' +
      parts.join('/') +
      (chance(0.2) ? '/' : '') +
      (chance(0.3) ? pick(['?q=v', '?q=w', '?q', '?q=w&q=v', '?q=v&q=w']) : '')
    );
  }

  function headers(): Record<string, string> {
    const out: Record<string, string> = {
      host: pick(['a.test', 'x.test', 'b.example', 'localhost', 'a.test:8080', 'a.test:80', 'x.test:9']),
    };
    if (chance(0.4)) out['x-t'] = pick(['v', 'w', 'vv']);
    if (chance(0.2)) out['content-type'] = pick(['application/grpc', 'application/json']);
    return out;
  }

  return { routes, url, headers, method: () => pick(['GET', 'POST', 'HEAD', 'PUT']) };
}

test(`index and full scan agree on ${TABLES} random tables`, () => {
  const random = prng(seed);
  const gen = generate(random);
  let hits = 0;
  let checked = 0;
  for (let t = 0; t < TABLES; t++) {
    const declared = gen.routes();
    const { routes, index } = table(declared);
    for (let r = 0; r < REQUESTS_PER_TABLE; r++) {
      const req = request(gen.method(), gen.url(), gen.headers());
      const full = matchRoute(routes, index, req, 'full');
      const compact = matchRoute(routes, index, req, 'compact');
      const where = () =>
        `seed ${seed}, table ${t}, ${req.method} ${req.path}?${req.query} host=${req.host}\n` +
        declared
          .map(
            (d) =>
              `  ${d.name} p=${d.priority} ${String(d.match.path)} ${JSON.stringify({ ...d.match, path: undefined })}`,
          )
          .join('\n');
      assert.is(compact.route?.name, full.route?.name, where());
      assert.equal(compact.params, full.params, where());
      assert.equal(compact.closest, full.closest, where());
      if (full.route) hits++;
      checked++;
    }
  }
  console.log(`${checked} requests, ${hits} matched`);
  // The generator must exercise both outcomes, or the property says little.
  assert.ok(hits > checked * 0.2 && hits < checked * 0.9, `hits ${hits} of ${checked}`);
});

test('glob-free patterns: the RegExp translation agrees with the segment engine', () => {
  const random = prng(seed + 1);
  const gen = generate(random);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  for (let t = 0; t < 3000; t++) {
    const length = Math.floor(random() * 5);
    let globstar = false;
    const parts = Array.from({ length }, (_, i) => {
      const roll = random();
      if (roll < 0.5) return pick(WORDS);
      if (roll < 0.8 || globstar) return `:p${i}${random() < 0.4 ? '?' : ''}`;
      globstar = true;
      return '**';
    });
    const pattern = '/' + parts.join('/') + (parts.length > 0 && random() < 0.2 ? '/' : '');
    const caseInsensitive = random() < 0.3;
    const fast = compilePathPattern(pattern, caseInsensitive);
    const slow = compilePathPattern(pattern, caseInsensitive, { engine: 'segments' });
    assert.ok(fast.ok && slow.ok, pattern);
    if (!fast.ok || !slow.ok) return;
    for (let r = 0; r < 20; r++) {
      const path = request('GET', gen.url()).path;
      assert.equal(
        fast.pattern.match(path),
        slow.pattern.match(path),
        `seed ${seed}: ${pattern} (ci ${caseInsensitive}) vs ${path}`,
      );
    }
  }
});

test.run();
