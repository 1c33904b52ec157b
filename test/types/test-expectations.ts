// tests[].expect.route and expect.upstream must be names the config declares.
import { defineConfig } from 'gateway';

export default defineConfig({
  upstreams: { users: 'http://127.0.0.1:4001' },
  routes: [{ name: 'users', match: { path: '/users/**' }, upstream: 'users' }],
  tests: [
    // @ts-expect-error Type '"user"' is not assignable to type '"users"'.
    { request: { url: '/users/1' }, expect: { route: 'user' } },
    // @ts-expect-error Type '"user"' is not assignable to type '"users"'.
    { request: { url: '/users/1' }, expect: { upstream: 'user' } },
  ],
});
