/**
 * `gateway export gateway-api`: routes that take gRPC calls only (`match.grpc: true`) and forward
 * them unchanged become GRPCRoutes — the path as a service/method match — validated against the
 * Gateway API schemas; REST→gRPC transcoding stays a finding.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exportObject } from './export-support.js';
import { objects, validateAll } from './gateway-api-support.js';

const UPSTREAMS = {
  shop: { targets: ['http://shop.internal:9090'], protocol: 'http' },
  next: 'http://next.internal:9091',
};

async function grpcRoutes(routes: unknown[]) {
  const result = await exportObject('gateway-api', { upstreams: UPSTREAMS, routes });
  const content = result.files[0]!.content;
  const checked = validateAll(content);
  const byName = new Map(
    objects(content)
      .filter((o) => o.kind === 'GRPCRoute')
      .map((o) => [o.metadata.name, o.spec as { rules: { matches?: unknown[]; filters?: unknown[] }[] }]),
  );
  return { result, byName, checked, content };
}

test('gRPC pass-through routes become GRPCRoutes: exact method, service, byte prefixes', async () => {
  const { result, byName, checked } = await grpcRoutes([
    { name: 'get-cart', match: { path: '/shop.v1.Cart/Get', grpc: true }, upstream: 'shop' },
    { name: 'cart', match: { path: '/shop.v1.Cart/**', grpc: true }, upstream: 'shop' },
    { name: 'orders', match: { prefix: '/shop.v1.Orders/', grpc: true }, upstream: 'shop' },
    { name: 'list', match: { prefix: '/shop.v1.Orders/List', grpc: true }, upstream: 'shop' },
    {
      name: 'v1',
      match: { prefix: '/shop.v1.', grpc: true, headers: { 'x-tenant': 'acme' } },
      upstream: 'next',
      mirror: { upstream: 'shop', percent: 10 },
      responseHeaders: { set: { 'x-served-by': 'gateway' } },
    },
  ]);
  assert.ok(checked >= 6, `validated ${checked} objects`);
  const match = (name: string) => byName.get(name)!.rules[0]!.matches;
  assert.equal(match('get-cart'), [{ method: { type: 'Exact', service: 'shop.v1.Cart', method: 'Get' } }]);
  assert.equal(match('cart'), [{ method: { type: 'Exact', service: 'shop.v1.Cart' } }]);
  assert.equal(match('orders'), [{ method: { type: 'Exact', service: 'shop.v1.Orders' } }]);
  assert.equal(match('list'), [
    { method: { type: 'RegularExpression', service: 'shop\\.v1\\.Orders', method: 'List.*' } },
  ]);
  assert.equal(match('v1'), [
    {
      method: { type: 'RegularExpression', service: 'shop\\.v1\\..*' },
      headers: [{ type: 'Exact', name: 'x-tenant', value: 'acme' }],
    },
  ]);
  assert.equal(
    byName.get('v1')!.rules[0]!.filters!.map((f) => (f as { type: string }).type),
    ['RequestMirror', 'ResponseHeaderModifier'],
  );
  // Nothing about these routes is left out: match.grpc is not reported as unknown any more.
  assert.equal(
    result.findings.filter((f) => f.severity === 'error').map((f) => f.path),
    [],
    JSON.stringify(result.findings, null, 2),
  );
});

test('gRPC routes GRPCRoute cannot carry are findings, never a different route', async () => {
  const { result, byName } = await grpcRoutes([
    { name: 'params', match: { path: '/shop.v1.Cart/:method', grpc: true }, upstream: 'shop' },
    {
      name: 'rewritten',
      match: { path: '/shop.v1.Cart/**', grpc: true },
      upstream: 'shop',
      rewrite: { stripPrefix: '/shop.v1.Cart' },
    },
  ]);
  assert.not.ok(byName.has('params'));
  const errors = result.findings.filter((f) => f.severity === 'error');
  assert.equal(
    errors.map((f) => f.path),
    ['routes[0].match.path', 'routes[1].rewrite'],
  );
  assert.match(errors[0]!.message, /not a service or method name/);
  assert.match(errors[1]!.message, /GRPCRoute has no URL rewrite/);
});

test.run();
