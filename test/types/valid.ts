// Every reference names something the config declares: no errors, and the names are kept.
import { defineConfig } from 'gateway';

export default defineConfig({
  upstreams: { users: 'http://127.0.0.1:4001', orders: { targets: ['http://127.0.0.1:4002'] } },
  auth: {
    jwt: { type: 'jwt', algorithms: ['HS256'], secret: { env: 'JWT_SECRET' } },
    keys: { type: 'api-key', keys: [{ name: 'ci', key: { env: 'CI_KEY' } }] },
  },
  defaults: { auth: 'jwt' },
  routes: [
    { name: 'health', match: { path: '/health' }, respond: 'health', auth: false },
    {
      name: 'user',
      match: { path: '/users/:id/orders/:orderId?', methods: ['GET'] },
      upstream: 'users',
      rewrite: { path: '/v2/users/:id/orders/:orderId' },
      auth: ['jwt', 'keys'],
    },
    {
      name: 'orders',
      match: { path: /^\/orders\/(?<id>\d+)$/ },
      upstream: 'orders',
      // A RegExp's named groups are not known to the types: the lint rule checks those.
      rewrite: { path: '/api/orders/:id' },
      auth: { providers: ['jwt'], scopes: ['orders:read'] },
    },
    { name: 'files', match: { path: '/files/**' }, upstream: 'users', rewrite: { path: '/blobs/**' } },
  ],
  tests: [
    { request: { url: '/users/1' }, expect: { route: 'user', upstream: 'users' } },
    { request: { url: '/nope' }, expect: { route: null, status: 404 } },
  ],
});
