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

// Each side of a traffic split, and a mirror's upstream, must be a key of `upstreams` too.
export const split = defineConfig({
  upstreams: { 'orders-v1': 'http://127.0.0.1:4001', 'orders-v2': 'http://127.0.0.1:4002' },
  routes: [
    {
      name: 'orders',
      match: { path: '/orders/**' },
      upstream: [
        { name: 'orders-v1', weight: 90 },
        // @ts-expect-error Type '"orders-v3"' is not assignable to type '"orders-v1" | "orders-v2"'. Did you mean '"orders-v1"'?
        { name: 'orders-v3', weight: 10 },
      ],
    },
    {
      name: 'mirrored',
      match: { path: '/mirrored/**' },
      upstream: 'orders-v1',
      // @ts-expect-error Type '"orders-shadow"' is not assignable to type '"orders-v1" | "orders-v2"'.
      mirror: { upstream: 'orders-shadow', percent: 10 },
    },
  ],
});

// A valid split and mirror compile clean.
export const validSplit = defineConfig({
  upstreams: { a: 'http://127.0.0.1:4001', b: 'http://127.0.0.1:4002' },
  routes: [
    {
      name: 'canary',
      match: { path: '/c/**' },
      upstream: [
        { name: 'a', weight: 9 },
        { name: 'b', weight: 1 },
      ],
      mirror: { upstream: 'b' },
    },
  ],
});
