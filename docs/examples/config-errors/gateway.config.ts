import { defineConfig } from 'gateway';

export default defineConfig({
  upstreams: {
    orders: 'http://127.0.0.1:4201',
  },
  routes: [
    {
      name: 'orders',
      match: { path: 'orders/**', methdos: ['GET'] },
      upstream: 'order',
      timeout: '10 sec',
    },
  ],
});
