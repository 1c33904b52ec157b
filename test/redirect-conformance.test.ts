// Gateway API's redirect conformance cases, ported as data (HTTPRouteRedirectPortAndScheme and
// HTTPRouteRedirectPath, conformance/tests in kubernetes-sigs/gateway-api): each route's filter,
// the request, and the Location parts the suite expects. A PathPrefix match compares whole
// segments, which is `path: '/prefix/**'` here. Prints how many cases pass.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decideOn, tableOf } from './routing-support.js';

interface Case {
  readonly listener: { readonly scheme: 'http' | 'https'; readonly port: number };
  readonly path: string;
  readonly status: number;
  /** Expected Location parts; `port` absent = the scheme's default (left out). */
  readonly expect: {
    readonly scheme?: string;
    readonly host?: string;
    readonly port?: string;
    readonly path?: string;
  };
}

// The port-and-scheme suite: every route redirects to hostname example.org with these settings.
const portAndScheme: Record<string, { scheme?: 'http' | 'https'; port?: number }> = {
  '/scheme-nil-and-port-nil': {},
  '/scheme-nil-and-port-80': { port: 80 },
  '/scheme-nil-and-port-443': { port: 443 },
  '/scheme-nil-and-port-8080': { port: 8080 },
  '/scheme-nil-and-port-8443': { port: 8443 },
  '/scheme-https-and-port-nil': { scheme: 'https' },
  '/scheme-https-and-port-443': { scheme: 'https', port: 443 },
  '/scheme-https-and-port-8443': { scheme: 'https', port: 8443 },
  '/scheme-http-and-port-nil': { scheme: 'http' },
  '/scheme-http-and-port-80': { scheme: 'http', port: 80 },
  '/scheme-http-and-port-8080': { scheme: 'http', port: 8080 },
};

const http80 = { scheme: 'http', port: 80 } as const;
const http8080 = { scheme: 'http', port: 8080 } as const;
const https443 = { scheme: 'https', port: 443 } as const;
const org = (scheme: string, port?: string) => ({ scheme, host: 'example.org', ...(port && { port }) });

const cases: Case[] = [
  // http listener on port 80
  { listener: http80, path: '/scheme-nil-and-port-nil', status: 302, expect: org('http') },
  { listener: http80, path: '/scheme-nil-and-port-80', status: 302, expect: org('http') },
  { listener: http80, path: '/scheme-nil-and-port-8080', status: 302, expect: org('http', '8080') },
  { listener: http80, path: '/scheme-https-and-port-nil', status: 302, expect: org('https') },
  { listener: http80, path: '/scheme-https-and-port-443', status: 302, expect: org('https') },
  { listener: http80, path: '/scheme-https-and-port-8443', status: 302, expect: org('https', '8443') },
  // http listener on port 8080
  { listener: http8080, path: '/scheme-nil-and-port-nil', status: 302, expect: org('http', '8080') },
  { listener: http8080, path: '/scheme-nil-and-port-80', status: 302, expect: org('http') },
  { listener: http8080, path: '/scheme-https-and-port-nil', status: 302, expect: org('https') },
  // https listener on port 443
  { listener: https443, path: '/scheme-nil-and-port-nil', status: 302, expect: org('https') },
  { listener: https443, path: '/scheme-nil-and-port-443', status: 302, expect: org('https') },
  { listener: https443, path: '/scheme-nil-and-port-8443', status: 302, expect: org('https', '8443') },
  { listener: https443, path: '/scheme-http-and-port-nil', status: 302, expect: org('http') },
  { listener: https443, path: '/scheme-http-and-port-80', status: 302, expect: org('http') },
  { listener: https443, path: '/scheme-http-and-port-8080', status: 302, expect: org('http', '8080') },
  // redirect-path (http listener on 80)
  {
    listener: http80,
    path: '/original-prefix/lemon',
    status: 302,
    expect: { path: '/replacement-prefix/lemon' },
  },
  { listener: http80, path: '/full/path/original', status: 302, expect: { path: '/full-path-replacement' } },
  {
    listener: http80,
    path: '/path-and-host',
    status: 302,
    expect: { host: 'example.org', path: '/replacement-prefix' },
  },
  { listener: http80, path: '/path-and-status', status: 301, expect: { path: '/replacement-prefix' } },
  {
    listener: http80,
    path: '/full-path-and-host',
    status: 302,
    expect: { host: 'example.org', path: '/replacement-full' },
  },
  { listener: http80, path: '/full-path-and-status', status: 301, expect: { path: '/replacement-full' } },
];

const routes = [
  ...Object.entries(portAndScheme).map(([path, settings]) => ({
    name: path.slice(1),
    match: { path },
    redirect: { host: 'example.org', ...settings },
  })),
  {
    name: 'original-prefix',
    match: { path: '/original-prefix/**' },
    redirect: { prefix: '/replacement-prefix' },
  },
  { name: 'full', match: { path: '/full/**' }, redirect: { path: '/full-path-replacement' } },
  {
    name: 'path-and-host',
    match: { path: '/path-and-host/**' },
    redirect: { host: 'example.org', prefix: '/replacement-prefix' },
  },
  {
    name: 'path-and-status',
    match: { path: '/path-and-status/**' },
    redirect: { prefix: '/replacement-prefix', status: 301 },
  },
  {
    name: 'full-path-and-host',
    match: { path: '/full-path-and-host/**' },
    redirect: { host: 'example.org', path: '/replacement-full' },
  },
  {
    name: 'full-path-and-status',
    match: { path: '/full-path-and-status/**' },
    redirect: { path: '/replacement-full', status: 301 },
  },
];

test(`Gateway API redirect conformance: ${cases.length} cases`, async () => {
  const table = await tableOf({ upstreams: {}, routes });
  const failures: string[] = [];
  for (const c of cases) {
    const { scheme, port } = c.listener;
    const isDefault = port === (scheme === 'https' ? 443 : 80);
    // The client addresses the gateway by its address and listener port.
    const host = isDefault ? 'gateway.test' : `gateway.test:${port}`;
    const decision = await decideOn(table, c.path, { headers: { host }, scheme });
    const location = decision.response?.headers.location;
    const where = `${scheme}:${port} ${c.path}`;
    if (decision.status !== c.status || location === undefined) {
      failures.push(`${where}: status ${decision.status}, location ${location}`);
      continue;
    }
    const url = new URL(location);
    const actual = {
      scheme: url.protocol.slice(0, -1),
      host: url.hostname,
      port: url.port,
      path: url.pathname,
    };
    const wanted = {
      scheme: c.expect.scheme ?? scheme,
      host: c.expect.host ?? 'gateway.test',
      port: c.expect.port ?? '',
      path: c.expect.path ?? c.path,
    };
    if (JSON.stringify(actual) !== JSON.stringify(wanted))
      failures.push(
        `${where}: expected ${JSON.stringify(wanted)}, got ${JSON.stringify(actual)} (${location})`,
      );
  }
  console.log(`Gateway API redirect conformance: ${cases.length - failures.length}/${cases.length} pass`);
  assert.equal(failures, []);
});

test.run();
