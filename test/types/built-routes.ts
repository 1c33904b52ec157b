// Names only known as `string` (routes built at run time, or from a module without `as const`)
// are accepted: the loader and `gateway lint` check them.
import { defineConfig } from 'gateway';

const routes = ['users', 'orders'].map((name) => ({
  name,
  match: { path: `/${name}/**` },
  upstream: name,
  auth: 'sessions',
}));
const tests = [{ request: { url: '/users/1' }, expect: { route: 'users', upstream: 'users' } }];

export default defineConfig({
  upstreams: { users: 'http://127.0.0.1:4001', orders: 'http://127.0.0.1:4002' },
  auth: { sessions: { type: 'jwt', algorithms: ['HS256'], secret: { env: 'JWT_SECRET' } } },
  routes,
  tests,
});

// Literal routes with imported tests: the tests' names are not checked, the routes' are.
export const mixed = defineConfig({
  upstreams: { users: 'http://127.0.0.1:4001' },
  routes: [
    {
      name: 'users',
      match: { path: '/users/**' },
      // @ts-expect-error Type '"user"' is not assignable to type '"users"'.
      upstream: 'user',
    },
  ],
  tests,
});
