import { defineConfig } from 'gateway';

// One of each route-table problem `gateway lint` finds (docs/routing.md#lint).
export default defineConfig({
  upstreams: { orders: 'http://127.0.0.1:4201', 'orders-v2': 'http://127.0.0.1:4211' },
  routes: [
    { name: 'api', match: { prefix: '/api' }, upstream: 'orders' },
    // route/shadowed: "api" takes every /api… request first, /api/v2 included.
    { name: 'api-v2', match: { prefix: '/api/v2' }, upstream: 'orders-v2' },
    // redirect/loop: /old/x → /old/new/x, which this route takes again.
    { name: 'old', match: { path: '/old/**' }, redirect: { prefix: '/old/new' } },
    // split/zero-weights, and split/pin-untested (no test sends x-canary).
    {
      name: 'canary',
      match: { path: '/canary/**' },
      upstream: [
        { name: 'orders', weight: 0 },
        { name: 'orders-v2', weight: 0 },
      ],
      pin: { header: 'x-canary' },
    },
    // mirror/self: orders would get each request twice.
    { name: 'orders', match: { path: '/orders/**' }, upstream: 'orders', mirror: { upstream: 'orders' } },
  ],
});
