/**
 * The soak's configs: the demo's main routes (users, JWT-protected orders with retries and
 * health checks, echo, REST→gRPC products, REST→SOAP inventory) pointed at fixtures on
 * ephemeral ports, in two valid variants the reloads alternate between, and one invalid one.
 */
import { DEMO_JWKS, INVENTORY_WSDL, PRODUCTS_PROTO, PROTO_INCLUDE_DIRS } from '../../fixtures/paths.js';
import { DEMO_AUDIENCE, DEMO_ISSUER } from '../../fixtures/tokens.js';

export interface FixtureUrls {
  readonly users: readonly string[];
  readonly orders: readonly string[];
  readonly echo: string;
  readonly products: string;
  readonly inventory: string;
}

/** Variant `a` or `b` of the soak config (they differ in balancer and a header edit). */
export function soakConfig(urls: FixtureUrls, variant: 'a' | 'b'): Record<string, unknown> {
  return {
    server: { host: '127.0.0.1', port: 0, limits: { shutdownGrace: '2s' } },
    upstreams: {
      users: {
        targets: urls.users,
        balancer: variant === 'a' ? 'round-robin' : 'least-connections',
        health: { passive: { consecutiveFailures: 3, baseEjection: '5s' } },
        retries: { attempts: 1 },
      },
      orders: {
        targets: urls.orders.map((url, i) => ({ url, weight: i === 0 ? 3 : 1 })),
        balancer: variant === 'a' ? 'weighted-round-robin' : 'round-robin',
        health: {
          active: {
            path: '/healthz',
            interval: '1s',
            timeout: '500ms',
            unhealthyThreshold: 1,
            healthyThreshold: 1,
          },
          passive: { consecutiveFailures: 1, baseEjection: '2s', maxEjection: '10s' },
        },
        timeouts: { connect: '1s', response: '5s' },
        retries: { attempts: 2, bufferBodyUpTo: 65536, statuses: [502, 503] },
      },
      echo: urls.echo,
      products: {
        targets: [urls.products],
        protocol: 'grpc',
        grpc: { protos: [PRODUCTS_PROTO], includeDirs: [...PROTO_INCLUDE_DIRS] },
      },
      inventory: { targets: [urls.inventory], protocol: 'soap', soap: { wsdl: INVENTORY_WSDL } },
    },
    auth: {
      jwt: {
        type: 'jwt',
        algorithms: ['RS256', 'ES256'],
        jwks: DEMO_JWKS,
        issuer: DEMO_ISSUER,
        audience: DEMO_AUDIENCE,
      },
    },
    defaults: { auth: 'jwt' },
    routes: [
      {
        name: 'users',
        match: { path: '/users/**', methods: ['GET', 'HEAD'] },
        upstream: 'users',
        auth: false,
      },
      { name: 'orders-write', match: { path: '/orders/**', methods: ['POST'] }, upstream: 'orders' },
      { name: 'orders', match: { path: '/orders/**', methods: ['GET', 'HEAD'] }, upstream: 'orders' },
      {
        name: 'products',
        match: { path: '/v1/products/**' },
        upstream: 'products',
        rewrite: { replacePrefix: { from: '/v1/products', to: '/api/products' } },
        auth: false,
      },
      {
        name: 'inventory-stock',
        match: { path: '/inventory/:sku', methods: ['GET'] },
        upstream: 'inventory',
        soap: { operation: 'GetStock' },
        auth: false,
      },
      {
        name: 'echo',
        match: { path: '/echo/**' },
        upstream: 'echo',
        rewrite: { stripPrefix: '/echo', headers: { set: { 'x-variant': variant } } },
        auth: false,
      },
    ],
  };
}

/** A config the gateway must refuse (and keep serving the previous one): an unknown upstream. */
export function invalidConfig(urls: FixtureUrls): Record<string, unknown> {
  const config = soakConfig(urls, 'a');
  const routes = config.routes as Record<string, unknown>[];
  return { ...config, routes: [{ ...routes[0], upstream: 'userz' }, ...routes.slice(1)] };
}
