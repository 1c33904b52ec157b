// A route's upstream must be a key of `upstreams`.
import { defineConfig } from 'gateway';

export default defineConfig({
  upstreams: { users: 'http://127.0.0.1:4001', orders: 'http://127.0.0.1:4002' },
  routes: [
    { name: 'users', match: { path: '/users/**' }, upstream: 'users' },
    {
      name: 'orders',
      match: { path: '/orders/**' },
      // @ts-expect-error Type '"order"' is not assignable to type '"orders" | "users"'. Did you mean '"orders"'?
      upstream: 'order',
    },
  ],
});

// No upstreams at all: no name is valid.
export const none = defineConfig({
  // @ts-expect-error Type 'string' is not assignable to type 'never'.
  routes: [{ name: 'users', match: { path: '/users/**' }, upstream: 'users' }],
});
