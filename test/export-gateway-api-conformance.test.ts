/**
 * Round trip against Gateway API's own conformance manifests (kubernetes-sigs/gateway-api,
 * conformance/tests: httproute-redirect-path, -redirect-port-and-scheme, -303/307/308-redirect-
 * scheme, -response-header-modifier, -request-percentage-mirror, -weight), ported as data: for each
 * rule, a gateway route that behaves the same, and the filters and backends the manifest gives.
 * Exporting the route must give that rule back, up to defaults (statusCode 302, 100% mirrored),
 * header-name case and equal shares (percent 50 = fraction 25/50). Prints how many pass.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exportObject } from './export-support.js';
import { type Filter, type Rule, rulesOf, validateAll } from './gateway-api-support.js';

interface Case {
  readonly manifest: string;
  readonly route: Record<string, unknown>;
  /** The manifest's rule: filters and backends (namespace left out). */
  readonly rule: { filters?: Filter[]; backendRefs?: { name: string; port: number; weight?: number }[] };
}

const v1 = { name: 'infra-backend-v1', port: 8080 };
const redirect = (requestRedirect: Record<string, unknown>): Filter => ({
  type: 'RequestRedirect',
  requestRedirect,
});
const prefix = (to: string) => ({ type: 'ReplacePrefixMatch', replacePrefixMatch: to });
const full = (to: string) => ({ type: 'ReplaceFullPath', replaceFullPath: to });
const responseHeaders = (edits: Record<string, unknown>): Filter => ({
  type: 'ResponseHeaderModifier',
  responseHeaderModifier: edits as never,
});
const mirror = (name: string, share: object): Filter => ({
  type: 'RequestMirror',
  requestMirror: { backendRef: { name, port: 8080 }, ...share },
});

// The port-and-scheme manifest: hostname example.org with these scheme and port settings.
const portAndScheme: [string, { scheme?: string; port?: number }][] = [
  ['/scheme-nil-and-port-nil', {}],
  ['/scheme-nil-and-port-80', { port: 80 }],
  ['/scheme-nil-and-port-443', { port: 443 }],
  ['/scheme-nil-and-port-8080', { port: 8080 }],
  ['/scheme-nil-and-port-8443', { port: 8443 }],
  ['/scheme-https-and-port-nil', { scheme: 'https' }],
  ['/scheme-https-and-port-443', { scheme: 'https', port: 443 }],
  ['/scheme-https-and-port-8443', { scheme: 'https', port: 8443 }],
  ['/scheme-http-and-port-nil', { scheme: 'http' }],
  ['/scheme-http-and-port-80', { scheme: 'http', port: 80 }],
  ['/scheme-http-and-port-8080', { scheme: 'http', port: 8080 }],
];

const cases: Case[] = [
  ...portAndScheme.map(([path, settings]) => ({
    manifest: `redirect-port-and-scheme ${path}`,
    route: { match: { path: `${path}/**` }, redirect: { host: 'example.org', ...settings } },
    rule: { filters: [redirect({ hostname: 'example.org', ...settings })] },
  })),
  {
    manifest: 'redirect-path /original-prefix',
    route: { match: { path: '/original-prefix/**' }, redirect: { prefix: '/replacement-prefix' } },
    rule: { filters: [redirect({ path: prefix('/replacement-prefix') })] },
  },
  {
    manifest: 'redirect-path /full',
    route: { match: { path: '/full/**' }, redirect: { path: '/full-path-replacement' } },
    rule: { filters: [redirect({ path: full('/full-path-replacement') })] },
  },
  {
    manifest: 'redirect-path /path-and-host',
    route: {
      match: { path: '/path-and-host/**' },
      redirect: { host: 'example.org', prefix: '/replacement-prefix' },
    },
    rule: { filters: [redirect({ hostname: 'example.org', path: prefix('/replacement-prefix') })] },
  },
  {
    manifest: 'redirect-path /path-and-status',
    route: {
      match: { path: '/path-and-status/**' },
      redirect: { prefix: '/replacement-prefix', status: 301 },
    },
    rule: { filters: [redirect({ path: prefix('/replacement-prefix'), statusCode: 301 })] },
  },
  {
    manifest: 'redirect-path /full-path-and-host',
    route: {
      match: { path: '/full-path-and-host/**' },
      redirect: { host: 'example.org', path: '/replacement-full' },
    },
    rule: { filters: [redirect({ hostname: 'example.org', path: full('/replacement-full') })] },
  },
  {
    manifest: 'redirect-path /full-path-and-status',
    route: {
      match: { path: '/full-path-and-status/**' },
      redirect: { path: '/replacement-full', status: 301 },
    },
    rule: { filters: [redirect({ path: full('/replacement-full'), statusCode: 301 })] },
  },
  ...([303, 307, 308] as const).map((status) => ({
    manifest: `${status}-redirect-scheme`,
    route: { match: { path: '/scheme-and-temporary/**' }, redirect: { scheme: 'https', status } },
    rule: { filters: [redirect({ scheme: 'https', statusCode: status })] },
  })),
  {
    manifest: 'response-header-modifier /set',
    route: {
      match: { path: '/set/**' },
      upstream: 'infra-backend-v1',
      responseHeaders: { set: { 'X-Header-Set': 'set-overwrites-values' } },
    },
    rule: {
      filters: [responseHeaders({ set: [{ name: 'X-Header-Set', value: 'set-overwrites-values' }] })],
      backendRefs: [v1],
    },
  },
  {
    manifest: 'response-header-modifier /add',
    route: {
      match: { path: '/add/**' },
      upstream: 'infra-backend-v1',
      responseHeaders: { add: { 'X-Header-Add': 'add-appends-values' } },
    },
    rule: {
      filters: [responseHeaders({ add: [{ name: 'X-Header-Add', value: 'add-appends-values' }] })],
      backendRefs: [v1],
    },
  },
  {
    manifest: 'response-header-modifier /remove',
    route: {
      match: { path: '/remove/**' },
      upstream: 'infra-backend-v1',
      responseHeaders: { remove: ['X-Header-Remove'] },
    },
    rule: { filters: [responseHeaders({ remove: ['X-Header-Remove'] })], backendRefs: [v1] },
  },
  {
    manifest: 'response-header-modifier /multiple',
    route: {
      match: { path: '/multiple/**' },
      upstream: 'infra-backend-v1',
      responseHeaders: {
        set: { 'X-Header-Set-1': 'header-set-1', 'X-Header-Set-2': 'header-set-2' },
        add: {
          'X-Header-Add-1': 'header-add-1',
          'X-Header-Add-2': 'header-add-2',
          'X-Header-Add-3': 'header-add-3',
        },
        remove: ['X-Header-Remove-1', 'X-Header-Remove-2'],
      },
    },
    rule: {
      filters: [
        responseHeaders({
          set: [
            { name: 'X-Header-Set-1', value: 'header-set-1' },
            { name: 'X-Header-Set-2', value: 'header-set-2' },
          ],
          add: [
            { name: 'X-Header-Add-1', value: 'header-add-1' },
            { name: 'X-Header-Add-2', value: 'header-add-2' },
            { name: 'X-Header-Add-3', value: 'header-add-3' },
          ],
          remove: ['X-Header-Remove-1', 'X-Header-Remove-2'],
        }),
      ],
      backendRefs: [v1],
    },
  },
  {
    manifest: 'request-percentage-mirror /percent-mirror',
    route: {
      match: { path: '/percent-mirror/**' },
      upstream: 'infra-backend-v1',
      mirror: { upstream: 'infra-backend-v2', percent: 20 },
    },
    rule: { filters: [mirror('infra-backend-v2', { percent: 20 })], backendRefs: [v1] },
  },
  {
    manifest: 'request-percentage-mirror /percent-mirror-fraction',
    route: {
      match: { path: '/percent-mirror-fraction/**' },
      upstream: 'infra-backend-v1',
      mirror: { upstream: 'infra-backend-v2', percent: 50 },
    },
    rule: {
      filters: [mirror('infra-backend-v2', { fraction: { numerator: 25, denominator: 50 } })],
      backendRefs: [v1],
    },
  },
  {
    manifest: 'weight',
    route: {
      match: { path: '/**' },
      upstream: [
        { name: 'infra-backend-v1', weight: 70 },
        { name: 'infra-backend-v2', weight: 30 },
        { name: 'infra-backend-v3', weight: 0 },
      ],
    },
    rule: {
      backendRefs: [
        { ...v1, weight: 70 },
        { name: 'infra-backend-v2', port: 8080, weight: 30 },
        { name: 'infra-backend-v3', port: 8080, weight: 0 },
      ],
    },
  },
];

/** A rule's filters and backends, defaults filled in, names lower-case, shares as one number. */
function normalize(rule: Case['rule'] | Rule): unknown {
  const filters = (rule.filters ?? []).map((f) => {
    const body = JSON.parse(
      JSON.stringify(f, (key, value) =>
        key === 'name' && typeof value === 'string' ? value.toLowerCase() : value,
      ),
    );
    if (body.requestRedirect) body.requestRedirect.statusCode ??= 302;
    if (body.responseHeaderModifier?.remove)
      body.responseHeaderModifier.remove = body.responseHeaderModifier.remove.map((n: string) =>
        n.toLowerCase(),
      );
    const m = body.requestMirror;
    if (m) {
      m.share = m.fraction
        ? (100 * m.fraction.numerator) / (m.fraction.denominator ?? 100)
        : (m.percent ?? 100);
      delete m.fraction;
      delete m.percent;
    }
    return body;
  });
  return { filters, backendRefs: rule.backendRefs ?? [] };
}

/** JSON with object keys sorted (key order carries no meaning in YAML). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

test(`Gateway API conformance manifests, round trip: ${cases.length} rules`, async () => {
  const upstreams = Object.fromEntries(
    ['infra-backend-v1', 'infra-backend-v2', 'infra-backend-v3'].map((name) => [name, `http://${name}:8080`]),
  );
  const routes = cases.map((c, i) => ({ name: `case-${i}`, ...c.route }));
  const result = await exportObject('gateway-api', { upstreams, routes });
  const content = result.files[0]!.content;
  validateAll(content);
  const failures: string[] = [];
  for (const [i, c] of cases.entries()) {
    const [rule] = rulesOf(content, `case-${i}`);
    const got = canonical(normalize(rule!));
    const want = canonical(normalize(c.rule));
    if (got !== want) failures.push(`${c.manifest}: expected ${want}, got ${got}`);
  }
  console.log(
    `Gateway API conformance manifests, round trip: ${cases.length - failures.length}/${cases.length} rules`,
  );
  assert.equal(failures, []);
  // Nothing in these rules is left out; only the mirrors' body limit is approximated.
  assert.equal(
    result.findings.filter((f) => f.path.startsWith('routes')).map((f) => f.path),
    ['routes[24].mirror.maxBody', 'routes[25].mirror.maxBody'],
  );
});

test.run();
