// Redirects at the pipeline level: Location built from the normalized request by Gateway API's
// RequestRedirect rules (ported as data from its documented behaviour), params, prefixes, regexes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatDecision } from '../src/format/decision.js';
import { colors } from '../src/format/color.js';
import { decideOn, issuesOf, tableOf } from './routing-support.js';

const upstreams = { app: 'http://127.0.0.1:1' };

// redirect, route match, request (scheme://host + path) → Location.
const cases: [
  redirect: Record<string, unknown>,
  match: Record<string, unknown>,
  url: string,
  location: string,
][] = [
  // Scheme and port: a given scheme brings its well-known port; :80/:443 are left out.
  [{ scheme: 'https' }, { path: '/**' }, 'http://shop.local/cart?x=1', 'https://shop.local/cart?x=1'],
  [{ scheme: 'https' }, { path: '/**' }, 'http://shop.local:8080/cart', 'https://shop.local/cart'],
  [
    { scheme: 'https', port: 8443 },
    { path: '/**' },
    'http://shop.local:8080/cart',
    'https://shop.local:8443/cart',
  ],
  [{ scheme: 'http' }, { path: '/**' }, 'https://shop.local/a', 'http://shop.local/a'],
  // No scheme: the port the request came to is kept (unless it is the scheme's default).
  [{ host: 'new.local' }, { path: '/**' }, 'http://shop.local:8080/a', 'http://new.local:8080/a'],
  [{ host: 'new.local' }, { path: '/**' }, 'http://shop.local/a', 'http://new.local/a'],
  [{ port: 80 }, { path: '/**' }, 'http://shop.local:8080/a', 'http://shop.local/a'],
  [{ port: 443 }, { path: '/**' }, 'http://shop.local/a', 'http://shop.local:443/a'],
  [
    { host: 'NEW.local', scheme: 'https', port: 443 },
    { path: '/**' },
    'http://x.local/a',
    'https://new.local/a',
  ],
  // Path: a template with params, a prefix replacement, a regex; query kept or stripped.
  [{ path: '/users/:id' }, { path: '/u/:id' }, 'http://h/u/42?tab=1', 'http://h/users/42?tab=1'],
  [{ path: '/files/**' }, { path: '/old/**' }, 'http://h/old/a/b', 'http://h/files/a/b'],
  [{ prefix: '/v2' }, { prefix: '/v1' }, 'http://h/v1/users/7', 'http://h/v2/users/7'],
  [{ prefix: '/v2' }, { prefix: '/v1' }, 'http://h/v1beta', 'http://h/v2beta'],
  [{ prefix: '/v2' }, { prefix: '/v1' }, 'http://h/v1', 'http://h/v2'],
  [{ prefix: '/' }, { prefix: '/old/' }, 'http://h/old/x', 'http://h/x'],
  [{ prefix: '/new' }, { path: '/old/**' }, 'http://h/old/a/b', 'http://h/new/a/b'],
  [{ prefix: '/new' }, { path: '/old/**' }, 'http://h/old', 'http://h/new'],
  [
    { regex: { pattern: '^/(\\w+)/(\\d+)$', replacement: '/$2/$1' } },
    { path: '/**' },
    'http://h/item/5',
    'http://h/5/item',
  ],
  [
    { regex: { pattern: 'a', replacement: 'b', flags: 'g' } },
    { path: '/**' },
    'http://h/aXa',
    'http://h/bXb',
  ],
  [{ stripQuery: true, scheme: 'https' }, { path: '/**' }, 'http://h/a?secret=1', 'https://h/a'],
  // The normalized path is what is redirected.
  [{ scheme: 'https' }, { path: '/**' }, 'http://h/a//b/../c', 'https://h/a/c'],
  // IPv6 hosts keep their brackets.
  [{ scheme: 'https' }, { path: '/**' }, 'http://[::1]:8080/a', 'https://[::1]/a'],
];

for (const [redirect, match, url, location] of cases) {
  test(`redirect ${JSON.stringify(redirect)}: ${url} → ${location}`, async () => {
    const table = await tableOf({ upstreams, routes: [{ name: 'r', match, redirect }] });
    const parsed = new URL(url);
    const decision = await decideOn(table, parsed.pathname + parsed.search, {
      headers: { host: parsed.host },
      scheme: parsed.protocol === 'https:' ? 'https' : 'http',
    });
    assert.is(decision.action, 'respond');
    assert.is(decision.response?.headers.location, location);
  });
}

test(`status defaults to 302; the trace and explain print the exact Location`, async () => {
  const table = await tableOf({
    upstreams,
    routes: [{ name: 'r', match: { path: '/**' }, redirect: { scheme: 'https' } }],
  });
  const decision = await decideOn(table, '/a?b=1', { headers: { host: 'shop.local' } });
  assert.is(decision.status, 302);
  assert.equal(decision.response, {
    status: 302,
    headers: { location: 'https://shop.local/a?b=1' },
    body: '',
  });
  const step = decision.trace.find((s) => s.stage === 'redirect');
  assert.is(step?.summary, '302 → https://shop.local/a?b=1');
  const lines = formatDecision(decision, colors(false));
  assert.ok(lines.includes('redirect   302 → https://shop.local/a?b=1'), lines.join('\n'));
  assert.is(lines.at(-1), 'result     redirect 302 → https://shop.local/a?b=1');
});

test('redirect shapes the config refuses, each at its key', () => {
  const route = (redirect: unknown, match: unknown = { path: '/a' }) => ({
    upstreams,
    routes: [{ name: 'r', match, redirect }],
  });
  assert.equal(issuesOf(route({ path: '/b', prefix: '/c' }, { prefix: '/a' })), [
    'routes[0].redirect: give one of "path", "prefix" — each replaces the path',
  ]);
  assert.equal(issuesOf(route({ prefix: '/c' })), [
    `routes[0].redirect.prefix: replaces what the route's prefix matched, but the route has neither "match.prefix" nor a path ending in "/**" — use "path" (a template) instead`,
  ]);
  assert.equal(
    issuesOf({ upstreams, routes: [{ name: 'r', match: { path: '/a' }, upstream: 'app', redirect: {} }] }),
    ['routes[0]: give one of "upstream", "redirect", not 2'],
  );
  assert.ok(issuesOf(route({ status: 304 }))[0]?.startsWith('routes[0].redirect.status'));
});

test.run();
