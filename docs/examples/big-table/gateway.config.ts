// A generated table of 1,000 routes, for docs/explain.md: /catalog/item-0 … /catalog/item-999,
// a POST-only twin of item-500 just before it, and a catch-all for GET at the end.
const items = Array.from({ length: 1000 }, (_, i) => ({
  name: `item-${i}`,
  match: { path: `/catalog/item-${i}/:id` },
  upstream: 'catalog',
}));
const postTwin = {
  name: 'item-500-create',
  match: { path: '/catalog/item-500/:id', methods: ['POST'] },
  upstream: 'catalog',
};

export default {
  upstreams: { catalog: 'http://127.0.0.1:4501' },
  routes: [
    ...items.slice(0, 500),
    postTwin,
    ...items.slice(500),
    { name: 'fallback', match: { path: '/**', methods: ['GET'] }, upstream: 'catalog' },
  ],
};
