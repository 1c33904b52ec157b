// A template rewrite may only use the parameters its route's match.path captures.
import { defineConfig } from 'gateway';

export default defineConfig({
  upstreams: { accounts: 'http://127.0.0.1:4001' },
  routes: [
    {
      name: 'admin-user',
      match: { path: '/admin/users/:uid' },
      upstream: 'accounts',
      // @ts-expect-error Type '"/internal/accounts/:id"' is not assignable to type '"rewrite.path \"/internal/accounts/:id\" uses :id, which match.path \"/admin/users/:uid\" does not capture"'.
      rewrite: { path: '/internal/accounts/:id' },
    },
  ],
});

export const noParams = defineConfig({
  upstreams: { accounts: 'http://127.0.0.1:4001' },
  routes: [
    {
      name: 'me',
      match: { path: '/me' },
      upstream: 'accounts',
      // @ts-expect-error :id is not captured by /me
      rewrite: { stripPrefix: '/me', path: '/accounts/:id/profile' },
    },
  ],
});
