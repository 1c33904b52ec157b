import { defineConfig } from 'gateway';

export default defineConfig({
  upstreams: {
    users: {
      targets: ['http://127.0.0.1:4101', 'http://127.0.0.1:4102'],
      balancer: 'round-robin',
      health: { passive: { consecutiveFailures: 5 } },
    },
    products: 'http://127.0.0.1:4401',
  },
  routes: [
    { name: 'users', match: { path: '/users/**', methods: ['GET'] }, upstream: 'users' },
    {
      name: 'products',
      match: { path: '/v1/products/:id' },
      rewrite: { path: '/api/products/:id' },
      upstream: 'products',
    },
  ],
  tests: [{ request: { url: '/v1/products/42' }, expect: { route: 'products', path: '/api/products/42' } }],
});
