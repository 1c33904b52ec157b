// Auth provider names on routes and in defaults must be keys of `auth`.
import { defineConfig } from 'gateway';

const upstreams = { users: 'http://127.0.0.1:4001' };

export const single = defineConfig({
  upstreams,
  auth: { sessions: { type: 'jwt', algorithms: ['HS256'], secret: { env: 'JWT_SECRET' } } },
  routes: [
    {
      name: 'users',
      match: { path: '/users/**' },
      upstream: 'users',
      // @ts-expect-error Type '"session"' is not assignable to type 'TypedRouteAuth<"sessions">'. Did you mean '"sessions"'?
      auth: 'session',
    },
  ],
});

export const list = defineConfig({
  upstreams,
  auth: { sessions: { type: 'jwt', algorithms: ['HS256'], secret: { env: 'JWT_SECRET' } } },
  routes: [
    {
      name: 'users',
      match: { path: '/users/**' },
      upstream: 'users',
      // @ts-expect-error not a declared provider
      auth: { providers: ['sessions', 'partners'], scopes: ['users:read'] },
    },
  ],
});

export const defaults = defineConfig({
  upstreams,
  auth: { sessions: { type: 'jwt', algorithms: ['HS256'], secret: { env: 'JWT_SECRET' } } },
  // @ts-expect-error not a declared provider
  defaults: { auth: 'partners' },
  routes: [{ name: 'users', match: { path: '/users/**' }, upstream: 'users' }],
});
