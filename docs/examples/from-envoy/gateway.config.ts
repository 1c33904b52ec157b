import { defineConfig } from 'gateway';

// The Envoy route configuration in docs/coming-from.md, translated.
export default defineConfig({
  upstreams: {
    web: 'http://127.0.0.1:4301',
    'api-v1': 'http://127.0.0.1:4201',
    'api-v2': 'http://127.0.0.1:4211',
  },
  routes: [
    {
      name: 'old-catalog',
      match: { prefix: '/catalog/', host: ['shop.example.com', '*.shop.example.com'] },
      redirect: { prefix: '/products/', status: 301 },
    },
    {
      name: 'api',
      match: { prefix: '/api/', host: ['shop.example.com', '*.shop.example.com'] },
      upstream: [
        { name: 'api-v1', weight: 90 },
        { name: 'api-v2', weight: 10 },
      ],
      pin: { header: 'x-api-version' },
      rewrite: { regex: { pattern: '^/api/', replacement: '/' }, host: { target: true } },
      timeout: '5s',
    },
    {
      name: 'web',
      match: { prefix: '/', host: ['shop.example.com', '*.shop.example.com'] },
      upstream: 'web',
    },
  ],
});
