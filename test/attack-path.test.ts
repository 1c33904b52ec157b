/**
 * Attack suite, path tricks: every spelling of "/admin" that some server somewhere reads as
 * `/admin` either reaches the `admin` route (and its Basic auth) or is refused, and the
 * upstream receives exactly the normalized (then rewritten) path.
 * Rig, runner and invariants: test/attack-support.ts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mintToken } from '../fixtures/tokens.js';
import {
  API_KEY,
  type AttackCase,
  BASIC_AUTH,
  type CaseResult,
  rawRequest,
  runAttackSuite,
} from './attack-support.js';

const token = await mintToken();

/** The upstream received exactly `target` (path and query as the gateway sent them). */
const upstreamGot =
  (target: string) =>
  ({ echo, wire }: CaseResult): void => {
    assert.is(echo?.url, target, 'the echo reports the request-target it received');
    assert.equal(
      wire.map((r) => r.target),
      [target],
    );
  };

const get = (target: string, headers: string[] = []) => rawRequest(`GET ${target} HTTP/1.1`, headers);

const cases: AttackCase[] = [
  // Baselines: what the tricks below are compared with.
  {
    name: 'baseline: a public path is forwarded as is',
    send: get('/public/x'),
    expect: 200,
    reaches: 'app',
    check: upstreamGot('/public/x'),
  },
  { name: 'baseline: /admin without credentials is 401', send: get('/admin/users'), expect: 401 },

  // Dot segments, plain and percent-encoded (`.` is unreserved, so `%2e` IS `.`).
  {
    name: 'dot segments: /public/../admin normalizes to /admin (401)',
    send: get('/public/../admin'),
    expect: 401,
  },
  { name: 'dot segments: /public/%2e%2e/admin (401)', send: get('/public/%2e%2e/admin'), expect: 401 },
  {
    name: 'dot segments: /public/%2E%2e/admin, mixed case hex (401)',
    send: get('/public/%2E%2e/admin'),
    expect: 401,
  },
  {
    name: 'dot segments: /public/.%2e/admin, half encoded (401)',
    send: get('/public/.%2e/admin'),
    expect: 401,
  },
  {
    name: 'dot segments: /public/./%2e%2e/%2e/admin/users (401)',
    send: get('/public/./%2e%2e/%2e/admin/users'),
    expect: 401,
  },
  {
    name: 'dot segments: a public prefix that looks like admin, /admin-docs/../admin (401)',
    send: get('/admin-docs/../admin/users'),
    expect: 401,
  },
  {
    name: 'dot segments: /admin/../admin-docs/x is the public route after normalization',
    send: get('/admin/../admin-docs/x'),
    expect: 200,
    reaches: 'app',
    check: upstreamGot('/admin-docs/x'),
  },
  { name: 'dot segments: /public/.. climbs to / (no route, 404)', send: get('/public/..'), expect: 404 },
  {
    name: 'dot segments above the root stay at the root: /../../admin (401)',
    send: get('/../../admin'),
    expect: 401,
  },

  // Double encoding is decoded once only: the upstream gets it literally, under the public route.
  {
    name: 'double encoding: /public/%252e%252e/admin stays public and reaches the upstream undecoded',
    send: get('/public/%252e%252e/admin'),
    expect: 200,
    reaches: 'app',
    check: upstreamGot('/public/%252e%252e/admin'),
  },

  // `;` parameters are ordinary path characters (not stripped as Tomcat/Spring do).
  { name: 'semicolon: /admin;x=1 is not /admin (no route, 404)', send: get('/admin;x=1'), expect: 404 },
  { name: 'semicolon: /admin;x=1/users (no route, 404)', send: get('/admin;x=1/users'), expect: 404 },
  {
    name: 'semicolon: /public;/../admin normalizes to /admin (401)',
    send: get('/public;/../admin'),
    expect: 401,
  },

  // Backslashes: some servers read `\` as `/`; the gateway refuses to guess.
  { name: 'backslash: raw /public\\..\\admin (400)', send: get('/public\\..\\admin'), expect: 400 },
  { name: 'backslash: encoded /public/..%5cadmin (400)', send: get('/public/..%5cadmin'), expect: 400 },
  {
    name: 'backslash: encoded upper-case /public/..%5Cadmin (400)',
    send: get('/public/..%5Cadmin'),
    expect: 400,
  },
  { name: 'encoded slash: /public/..%2fadmin (400)', send: get('/public/..%2fadmin'), expect: 400 },
  { name: 'encoded slash: /public/%2e%2e%2fadmin (400)', send: get('/public/%2e%2e%2fadmin'), expect: 400 },

  // Case: routes are case-sensitive unless they say otherwise.
  {
    name: 'case: /ADMIN does not match the case-sensitive /admin/** (404)',
    send: get('/ADMIN'),
    expect: 404,
  },
  { name: 'case: /Admin/users does not match either (404)', send: get('/Admin/users'), expect: 404 },
  {
    name: 'case: a caseInsensitive route matches /CASE-free/X and forwards the path as received',
    send: get('/CASE-free/X'),
    expect: 200,
    reaches: 'app',
    check: upstreamGot('/CASE-free/X'),
  },

  // Trailing slash and repeated slashes.
  { name: 'trailing slash: /admin/ is still /admin/** (401)', send: get('/admin/'), expect: 401 },
  {
    name: 'trailing slash: /public/ is kept on the way upstream',
    send: get('/public/'),
    expect: 200,
    reaches: 'app',
    check: upstreamGot('/public/'),
  },
  { name: 'repeated slashes: //admin merges to /admin (401)', send: get('//admin'), expect: 401 },
  {
    name: 'repeated slashes: /public//x///y reaches the upstream merged',
    send: get('/public//x///y'),
    expect: 200,
    reaches: 'app',
    check: upstreamGot('/public/x/y'),
  },

  // Bytes that have no single meaning.
  { name: 'overlong path (over 8 KiB): 414', send: get(`/public/${'a'.repeat(8300)}`), expect: 414 },
  { name: 'NUL: /public/a%00.json (400)', send: get('/public/a%00.json'), expect: 400 },
  { name: 'NUL: /admin%00/users (400)', send: get('/admin%00/users'), expect: 400 },
  { name: 'invalid percent-encoding: /public/%zz (400)', send: get('/public/%zz'), expect: 400 },
  { name: 'truncated percent-encoding: /public/%2 (400)', send: get('/public/%2'), expect: 400 },
  { name: 'invalid UTF-8: /public/%c3%28 (400)', send: get('/public/%c3%28'), expect: 400 },
  {
    name: 'overlong UTF-8 for "/": /public/%c0%afadmin (400)',
    send: get('/public/%c0%afadmin'),
    expect: 400,
  },
  {
    name: 'raw byte 0xFF in the path: refused by the HTTP parser (400)',
    send: get('/public/\xff'),
    expect: 400,
  },

  // Request-target forms.
  {
    name: 'absolute-form with another host: http://evil.example/admin is still /admin (401)',
    send: get('http://evil.example/admin'),
    expect: 401,
  },
  {
    name: 'absolute-form with another host on a public path: the upstream gets origin-form',
    send: get('http://evil.example/public/x?y=1'),
    expect: 200,
    reaches: 'app',
    check: upstreamGot('/public/x?y=1'),
  },
  {
    name: 'absolute-form with user info: http://admin@host/admin (400)',
    send: get('http://admin@gateway.test/admin'),
    expect: 400,
  },
  { name: 'asterisk-form: OPTIONS * (400)', send: rawRequest('OPTIONS * HTTP/1.1'), expect: 400 },
  {
    name: 'fragment in the target: /public/x#/../../admin (400)',
    send: get('/public/x#/../../admin'),
    expect: 400,
  },
  {
    name: 'a target with another scheme is refused without repeating its query (api key)',
    send: get(`ftp://gateway.test/reports?api_key=${API_KEY}`),
    expect: 400,
    secrets: [API_KEY],
  },
  {
    name: 'an asterisk target with a query is refused without repeating it (api key)',
    send: rawRequest(`OPTIONS *?api_key=${API_KEY} HTTP/1.1`),
    expect: 400,
    secrets: [API_KEY],
  },

  // `;` path parameters on dot segments: Tomcat, Jetty and Spring resolve `..;x` as `..`.
  {
    name: 'dot parameters: /public/..;/admin/secret is 400',
    send: get('/public/..;/admin/secret'),
    expect: 400,
  },
  { name: 'dot parameters: /public/..;x=1/admin is 400', send: get('/public/..;x=1/admin'), expect: 400 },
  { name: 'dot parameters: /public/.;/x is 400', send: get('/public/.;/x'), expect: 400 },
  { name: 'dot parameters: /public/%2e%2e;/admin is 400', send: get('/public/%2e%2e;/admin'), expect: 400 },
  { name: 'dot parameters: /public/..%3b/admin is 400', send: get('/public/..%3b/admin'), expect: 400 },
  {
    name: 'dot parameters: the 400 names the segment and the switch',
    send: get('/public/..;/admin/secret'),
    expect: 400,
    check: ({ exchange }) => {
      const body = JSON.parse(exchange.responses[0]!.body) as { detail: string };
      assert.match(body.detail, /path parameters/);
      assert.match(body.detail, /allowPathParameters/);
    },
  },
  {
    name: 'dot parameters: a ";" elsewhere in a segment is an ordinary character',
    send: get('/public/a;b=1/x'),
    expect: 200,
    reaches: 'app',
    check: upstreamGot('/public/a;b=1/x'),
  },
  {
    name: 'dot parameters: a route with allowPathParameters takes /legacy/..;jsessionid=1/x as is',
    send: get('/legacy/..;jsessionid=1/x'),
    expect: 200,
    reaches: 'app',
    check: upstreamGot('/legacy/..;jsessionid=1/x'),
  },

  // Encoded slashes allowed on /files/**: a segment that becomes `.`/`..` once decoded is refused.
  {
    name: 'encoded slashes allowed: /files/a%2Fb is forwarded encoded',
    send: get('/files/a%2Fb'),
    expect: 200,
    reaches: 'app',
    check: upstreamGot('/files/a%2Fb'),
  },
  { name: 'encoded slashes allowed: /files/..%2f.. is 400', send: get('/files/..%2f..'), expect: 400 },
  {
    name: 'encoded slashes allowed: /files/x%2F..%2F..%2Fadmin is 400',
    send: get('/files/x%2F..%2F..%2Fadmin'),
    expect: 400,
  },
  { name: 'encoded slashes allowed: /files/.%5Cadmin is 400', send: get('/files/.%5Cadmin'), expect: 400 },
  {
    name: 'encoded slashes allowed: /files/%2e%2e%2Fsecret is 400',
    send: get('/files/%2e%2e%2Fsecret'),
    expect: 400,
  },

  // A prefix rewrite on a case-insensitive route applies to every spelling the route matches.
  {
    name: 'case-insensitive prefix rewrite: /svc/ci/1 is forwarded as /ci/1',
    send: get('/svc/ci/1'),
    expect: 200,
    reaches: 'app',
    check: upstreamGot('/ci/1'),
  },
  {
    name: 'case-insensitive prefix rewrite: /SVC/Ci/2?q=1 is forwarded as /ci/2?q=1',
    send: get('/SVC/Ci/2?q=1'),
    expect: 200,
    reaches: 'app',
    check: upstreamGot('/ci/2?q=1'),
  },

  // The query is kept exactly as received, an empty one too.
  {
    name: 'empty query: GET /public/x? is forwarded as /public/x?',
    send: get('/public/x?'),
    expect: 200,
    reaches: 'app',
    check: upstreamGot('/public/x?'),
  },

  // Normalized, then rewritten: what the upstream receives, with a valid token.
  {
    name: 'normalized then rewritten: /orders//1/./%32/../3?q=1 reaches the upstream as /api/orders/1/3?q=1',
    send: get('/orders//1/./%32/../3?q=1', [`Authorization: Bearer ${token}`]),
    expect: 200,
    reaches: 'api',
    secrets: [token],
    check: upstreamGot('/api/orders/1/3?q=1'),
  },
  {
    name: 'normalized: /public/../admin/users with valid Basic credentials reaches /admin/users',
    send: get('/public/../admin/users', [`Authorization: ${BASIC_AUTH}`]),
    expect: 200,
    reaches: 'app',
    secrets: [BASIC_AUTH.slice(6)],
    check: upstreamGot('/admin/users'),
  },
];

runAttackSuite(test, cases);
test.run();
