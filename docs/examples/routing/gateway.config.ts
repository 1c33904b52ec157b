import { defineConfig } from 'gateway';

export default defineConfig({
  upstreams: {
    api: 'http://127.0.0.1:4301',
    orders: 'http://127.0.0.1:4201',
    'orders-v2': 'http://127.0.0.1:4211',
  },
  routes: [
    // Bytes, as Envoy's `prefix`: /api, /api/x, /apis and /api-v2 all match.
    { name: 'api', match: { prefix: '/api', host: ['api.local:8080', '*.api.local'] }, upstream: 'api' },
    // Only callers from these ranges (the client address honours server.trustedProxies).
    { name: 'internal', match: { path: '/internal/**', clientIp: ['10.0.0.0/8', '::1'] }, upstream: 'api' },
    // gRPC calls only (content-type application/grpc*).
    { name: 'grpc', match: { prefix: '/shop.v1.', grpc: true }, upstream: 'api' },
    // 10% of users, the same ones every time (a hash of x-user).
    {
      name: 'beta',
      match: { path: '/beta/**', sample: { rate: 0.1, key: { header: 'x-user' } } },
      upstream: 'api',
    },
    // Only the first `tenant` counts: ?tenant=evil&tenant=acme does not match.
    {
      name: 'tenant',
      match: { path: '/t/**', query: { tenant: { value: 'acme', occurrence: 'first' } } },
      upstream: 'api',
    },
    // Redirects: https upgrade; prefix replacement keeps the rest.
    { name: 'https', match: { path: '/account/**' }, redirect: { scheme: 'https', status: 301 } },
    { name: 'moved', match: { prefix: '/v1/' }, redirect: { prefix: '/v2/', status: 308 } },
    // Traffic split with a pin header.
    {
      name: 'orders',
      match: { path: '/orders/**' },
      upstream: [
        { name: 'orders', weight: 90 },
        { name: 'orders-v2', weight: 10 },
      ],
      pin: { header: 'x-canary' },
      mirror: { upstream: 'api', percent: 100 },
      rewrite: { regex: { pattern: '-', replacement: '_', flags: 'g' }, host: 'orders.internal' },
      responseHeaders: {
        set: { 'cache-control': 'no-store' },
        add: { vary: 'x-canary' },
        remove: ['server'],
      },
    },
  ],
  tests: [
    // The split over 1000 sampled requests, and exactly under the pin.
    { request: { url: '/orders/1' }, expect: { split: { orders: [0.85, 0.95], 'orders-v2': [0.05, 0.15] } } },
    {
      request: { url: '/orders/1', headers: { 'x-canary': 'orders-v2' } },
      expect: { split: { 'orders-v2': 1 } },
    },
    {
      request: { url: 'http://shop.local/account/x' },
      expect: { status: 301, location: 'https://shop.local/account/x' },
    },
  ],
});
