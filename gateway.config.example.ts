/**
 * The demo: every feature of gateway against the fixture services.
 * `npx gateway dev --demo` starts the fixtures and serves this file; then try
 *   curl localhost:8080/users/1
 *   npx gateway explain GET /v1/products/42 --config gateway.config.example.ts
 */
import { defineConfig } from 'gateway';

// Where a demo service listens: its fixed port, or the free port `gateway dev --demo` started it
// on when GATEWAY_DEMO_PORTS=free (the tests do, so they never collide with a running demo).
const demo = (port: number) => `127.0.0.1:${process.env[`GATEWAY_DEMO_PORT_${port}`] ?? port}`;

export default defineConfig({
  server: {
    host: '127.0.0.1',
    port: 8080,
    // X-Forwarded-* from these peers is kept; everyone else's is replaced.
    trustedProxies: ['loopback'],
    limits: {
      headerSize: '16kb',
      bodySize: '10mb',
      headersTimeout: '10s',
      requestTimeout: '60s',
      shutdownGrace: '5s',
    },
    // A front end on Vite's default port may call the gateway from the browser.
    cors: { origins: ['http://localhost:5173'], credentials: true, exposeHeaders: ['x-request-id'] },
    // Prometheus metrics at GET /__gateway/metrics, for loopback clients only (docs/metrics.md).
    // Traces (`--otlp URL`) and HAR capture (`--har FILE`) are `gateway dev` flags: docs/tracing.md, docs/har.md.
    metrics: { path: '/__gateway/metrics', allow: ['loopback'] },
  },

  upstreams: {
    // Two instances, taken in turn; dead ones are probed and ejected.
    users: {
      targets: [`http://${demo(4101)}`, `http://${demo(4102)}`],
      balancer: 'round-robin',
      health: {
        active: {
          path: '/healthz',
          interval: '5s',
          timeout: '1s',
          healthyThreshold: 2,
          unhealthyThreshold: 2,
        },
        passive: { consecutiveFailures: 3, baseEjection: '10s' },
      },
      retries: { attempts: 1, backoff: '25ms' },
      timeouts: { connect: '2s', response: '10s' },
    },
    // The same two instances, but a tenant always lands on the same one.
    usersByTenant: {
      targets: [`http://${demo(4101)}`, `http://${demo(4102)}`],
      balancer: { type: 'consistent-hash', key: { header: 'x-tenant' } },
      health: { passive: { consecutiveFailures: 3 } },
    },
    // The same instances again: power of two choices on in-flight requests, and a browser that got
    // an answer keeps going to the same instance (sticky cookie) while it is healthy.
    usersSticky: {
      targets: [`http://${demo(4101)}`, `http://${demo(4102)}`],
      balancer: { type: 'power-of-two-choices', stickyCookie: 'gw-users' },
      health: { passive: { consecutiveFailures: 3 } },
    },
    // Three instances with weights 3:1:1, smoothly interleaved; at most 100 requests in flight.
    orders: {
      targets: [
        { url: `http://${demo(4201)}`, weight: 3 },
        { url: `http://${demo(4202)}`, weight: 1 },
        { url: `http://${demo(4203)}`, weight: 1 },
      ],
      balancer: 'weighted-round-robin',
      health: { active: { path: '/healthz', interval: '5s' }, passive: { consecutiveFailures: 5 } },
      limits: { maxConcurrent: 100, maxPending: 20 },
      // Bodies up to 64 KiB are kept so that even a POST can be retried on another instance.
      retries: { attempts: 2, bufferBodyUpTo: 65536, statuses: [502, 503] },
    },
    // The next version of orders: the canary side of the `orders-canary` split.
    'orders-v2': { targets: [`http://${demo(4211)}`], timeouts: { response: '5s' } },
    // Shorthand: one URL. Reports what it received, to show rewrites and header edits.
    echo: `http://${demo(4301)}`,
    // REST → gRPC, by the proto's google.api.http annotations.
    products: {
      targets: [`grpc://${demo(4401)}`],
      protocol: 'grpc',
      grpc: {
        protos: ['fixtures/proto/shop/v1/products.proto'],
        includeDirs: ['fixtures/proto'],
        forwardHeaders: ['x-request-id'],
        returnMetadata: ['x-served-by'],
      },
      timeouts: { response: '5s' },
    },
    // REST → SOAP.
    inventory: {
      targets: [`http://${demo(4501)}/inventory`],
      protocol: 'soap',
      soap: { wsdl: 'fixtures/wsdl/inventory.wsdl', version: '1.1' },
    },
    // An https:// target with a self-signed certificate would be (not started by the demo):
    //   staging: { targets: ['https://localhost:9443'], tls: { insecure: true }, changeOrigin: true },
  },

  auth: {
    // Tokens minted by `npm run token -- --scope orders:read` verify against this JWKS.
    jwt: {
      type: 'jwt',
      algorithms: ['RS256', 'ES256'],
      jwks: 'fixtures/keys/jwks.json',
      issuer: 'https://auth.demo.local',
      audience: 'gateway-demo',
      clockTolerance: '30s',
      // Tokens must carry exp (requireExpiry, on by default) and be under a day old.
      maxTokenAge: '24h',
      requiredClaims: { sub: true },
      rolesClaim: 'roles',
    },
    // `curl -H "x-api-key: $(cat fixtures/keys/demo-api-key.txt)" …` (or `query: 'api_key'` to read it from the URL)
    apiKey: {
      type: 'api-key',
      header: 'x-api-key',
      keys: [{ name: 'demo-client', key: { file: 'fixtures/keys/demo-api-key.txt' } }],
    },
    // admin / demo-password (a bcrypt hash, as `htpasswd -nbB admin demo-password` writes it).
    basic: {
      type: 'basic',
      realm: 'gateway demo',
      users: [{ name: 'admin', hash: '$2y$10$Fl3ThPqMYPK8x5Gx68C4T.SujDQZ3gElFb9rNLDpK.XCR4RwR4FHq' }],
    },
    // Ask another service, like Traefik's ForwardAuth: `Authorization: Bearer let-me-in` passes.
    authService: {
      type: 'forward',
      url: `http://${demo(4601)}/check`,
      requestHeaders: ['authorization'],
      responseHeaders: ['x-auth-user'],
    },
  },

  // Options for every route (and, under `upstream`, every upstream) that does not set them:
  // route/upstream > defaults > built-in. Routes that say nothing about auth need a JWT; public
  // ones say `auth: false`. WebSocket upgrades stay off unless a route says `websocket: true`.
  defaults: {
    auth: 'jwt',
    timeout: '15s',
    upstream: { timeouts: { connect: '2s', response: '20s' } },
  },

  routes: [
    // A higher priority is evaluated first, wherever the route stands in the list.
    {
      name: 'health',
      match: { path: '/health', methods: ['GET', 'HEAD'] },
      respond: 'health',
      auth: false,
      priority: 10,
      cors: false,
    },
    // A static answer, matched on a query parameter.
    {
      name: 'beta-flags',
      match: { path: '/flags', query: { beta: /^(1|true)$/ } },
      respond: { status: 200, json: { beta: true, features: ['fast-checkout'] } },
      auth: false,
    },
    // Header matching sends tenants to the hashing pool; first match wins, so it comes before `users`.
    {
      name: 'tenant-users',
      match: { path: '/users/**', headers: { 'x-tenant': true } },
      upstream: 'usersByTenant',
      auth: false,
    },
    { name: 'users', match: { path: '/users/**', methods: ['GET', 'HEAD'] }, upstream: 'users', auth: false },
    // An old client's URLs, matched case-insensitively, rewritten by a regex: /API/V0/Users/1 → /users/1.
    {
      name: 'legacy-users',
      match: { path: '/api/v0/users/:id', methods: ['GET'], caseInsensitive: true },
      upstream: 'users',
      // The regex keeps only the id, so it works whatever the case of the prefix.
      rewrite: { regex: { pattern: '^.*/(\\d+)$', replacement: '/users/$1' } },
      auth: false,
    },
    // /reports/users/1 → /users/1 on the sticky pool.
    {
      name: 'user-reports',
      match: { path: '/reports/users/**', methods: ['GET'] },
      upstream: 'usersSticky',
      rewrite: { replacePrefix: { from: '/reports/users', to: '/users' } },
      auth: false,
    },
    // Deleting orders takes the admin role (from the token's `roles` claim).
    {
      name: 'orders-delete',
      match: { path: '/orders/:id', methods: ['DELETE'] },
      upstream: 'orders',
      auth: { providers: 'jwt', roles: ['admin'], identityHeaders: { 'x-user': 'sub' } },
    },
    // Writing orders needs a stronger scope than reading them.
    {
      name: 'orders-write',
      match: { path: '/orders/**', methods: ['POST', 'PUT', 'PATCH', 'DELETE'] },
      upstream: 'orders',
      auth: { providers: 'jwt', scopes: ['orders:write'], identityHeaders: { 'x-user': 'sub' } },
    },
    {
      name: 'orders',
      match: { path: '/orders/**', methods: ['GET', 'HEAD'] },
      upstream: 'orders',
      auth: { providers: 'jwt', scopes: ['orders:read'], identityHeaders: { 'x-user': 'sub' } },
    },
    // /v1/products/42 → /api/products/42 → ProductService.GetProduct by its google.api.http annotation.
    {
      name: 'products',
      match: { path: '/v1/products/**' },
      upstream: 'products',
      rewrite: { replacePrefix: { from: '/v1/products', to: '/api/products' } },
      timeout: '3s',
      auth: false,
    },
    // REST → SOAP: path parameters, query and JSON body become the operation's arguments.
    {
      name: 'inventory-stock',
      match: { path: '/inventory/:sku', methods: ['GET'] },
      upstream: 'inventory',
      soap: { operation: 'GetStock' },
      auth: false,
    },
    {
      name: 'inventory-reserve',
      match: { path: '/inventory/:sku/reservations', methods: ['POST'] },
      upstream: 'inventory',
      soap: { operation: 'Reserve' },
      auth: 'apiKey',
    },
    // Object keys that hold slashes, kept encoded for this route only (`/files/a%2Fb.txt`).
    {
      name: 'files',
      match: { path: '/files/**', methods: ['GET'], allowEncodedSlashes: true },
      upstream: 'echo',
      auth: false,
    },
    // What an upstream receives after rewrite and header edits (WebSocket upgrades too).
    {
      name: 'echo',
      match: { path: '/echo/**' },
      upstream: 'echo',
      websocket: true,
      rewrite: {
        stripPrefix: '/echo',
        headers: { set: { 'x-gateway': 'demo' }, remove: ['x-debug'] },
        query: { set: { via: 'gateway' } },
      },
      auth: false,
    },
    // A template rewrite with a captured parameter, behind HTTP Basic, local hosts only.
    // tsc checks that :id is captured by match.path, and every upstream/auth name (docs/typed-config.md).
    {
      name: 'admin-user',
      match: { path: '/admin/users/:id', host: ['localhost', '127.0.0.1'] },
      upstream: 'echo',
      rewrite: { path: '/internal/accounts/:id' },
      auth: 'basic',
    },
    // ── Route table: redirects and traffic splits ──
    // /docs/anything → https://gateway.dev/guide/anything (308 keeps the method and body).
    {
      name: 'docs-moved',
      match: { path: '/docs/**' },
      redirect: { scheme: 'https', host: 'gateway.dev', prefix: '/guide', status: 308 },
      auth: false,
    },
    // A canary: 90% of requests to orders, 10% to orders-v2; `x-canary: orders-v2` picks a side.
    {
      name: 'orders-canary',
      match: { path: '/canary/orders/**', methods: ['GET'] },
      upstream: [
        { name: 'orders', weight: 90 },
        { name: 'orders-v2', weight: 10 },
      ],
      pin: { header: 'x-canary' },
      rewrite: { stripPrefix: '/canary' },
      auth: false,
    },
    // Shadow traffic: /shadow/orders… (a byte prefix) goes to orders, and a copy, body included, to
    // orders-v2 — never waited for; the client's answer says it must not be cached.
    {
      name: 'orders-shadow',
      match: { prefix: '/shadow/orders', methods: ['POST'] },
      upstream: 'orders',
      mirror: { upstream: 'orders-v2', percent: 100 },
      rewrite: { stripPrefix: '/shadow' },
      responseHeaders: { set: { 'cache-control': 'no-store' }, remove: ['x-powered-by'] },
      auth: false,
    },
    // Behind forward auth; the auth service's x-auth-user header reaches the upstream.
    // The upstream gets the caller's Authorization header too (forwardCredential), and no CORS here.
    {
      name: 'internal',
      match: { path: '/internal/**' },
      upstream: 'echo',
      auth: { providers: 'authService', forwardCredential: true },
      cors: false,
    },

    // ── Faults on demand and rate limits (docs/faults.md, docs/rate-limits.md) ──
    // Half the requests wait 300–800 ms, one in five is a 503 marked "injected": true. Clients may
    // ask for more with `x-gateway-fault-delay: 2s` / `x-gateway-fault-abort: 500` (headers: true).
    // `gateway dev --seed 42` replays the same draws; in the UI, `f` adds chaos mode to any route.
    {
      name: 'flaky',
      match: { path: '/flaky/**' },
      upstream: 'echo',
      rewrite: { stripPrefix: '/flaky' },
      auth: false,
      fault: {
        delay: { range: ['300ms', '800ms'], percent: 50 },
        abort: { status: 503, percent: 20 },
        headers: true,
      },
    },
    // A token bucket per API key: 5 at once, then 60 a minute; answers carry RateLimit-Policy and
    // RateLimit, and the sixth quick request gets 429 with Retry-After.
    {
      name: 'quota',
      match: { path: '/quota/**' },
      upstream: 'echo',
      rewrite: { stripPrefix: '/quota' },
      auth: 'apiKey',
      rateLimit: { requests: 60, per: '1m', burst: 5, key: { apiKey: true } },
    },

    // ── Mocks: answers without an upstream (docs/mocks.md) ──
    // Every operation of an OpenAPI document, with its examples (`Prefer: code=404`, `example=dog`).
    {
      name: 'pets',
      match: { path: '/mock/pets/**' },
      rewrite: { stripPrefix: '/mock' },
      auth: false,
      mock: { openapi: 'fixtures/openapi/petstore.yaml' },
    },
    // A template filled from the request, after 50 ms.
    {
      name: 'mock-user',
      match: { path: '/mock/users/:id' },
      auth: false,
      mock: { json: { id: '{params.id}', name: 'Ada', lang: '{query.lang}' }, latency: '50ms' },
    },
    // Retry testing: 503, 503, then 200 from then on.
    {
      name: 'mock-retry',
      match: { path: '/mock/retry' },
      auth: false,
      mock: { sequence: [{ status: 503 }, { status: 503 }, { json: { ok: true } }] },
    },
    // gRPC-Web for browsers (what people run Envoy for): a front end on localhost:5173 (server.cors)
    // calls POST /shop.v1.ProductService/GetProduct with application/grpc-web(+proto|-text); the
    // gateway calls the upstream over HTTP/2 and answers framed, trailers in the body.
    {
      name: 'products-web',
      match: { path: '/shop.v1.ProductService/**', methods: ['POST', 'OPTIONS'] },
      upstream: 'products',
      grpcWeb: true,
      auth: false,
    },
  ],

  // `gateway test` checks these without sending anything (`--live` sends them for real).
  // `gateway dev --record recorded.gateway-test.yaml` adds cases from real traffic; `gateway dev`
  // runs them all before applying a changed config, and `gateway diff` shows which requests a
  // change moves (docs/recording.md, docs/diff.md).
  tests: [
    {
      request: { url: '/users/1' },
      expect: { route: 'users', upstream: 'users', path: '/users/1', auth: 'public' },
    },
    {
      request: { url: '/users/1', headers: { 'x-tenant': 'acme' } },
      expect: { route: 'tenant-users', upstream: 'usersByTenant' },
    },
    {
      request: { method: 'GET', url: '/v1/products/42' },
      expect: {
        route: 'products',
        path: '/api/products/42',
        grpcMethod: 'shop.v1.ProductService/GetProduct',
      },
    },
    {
      name: 'gRPC-Web (text) GetProduct { id: "42" }',
      request: {
        method: 'POST',
        url: '/shop.v1.ProductService/GetProduct',
        headers: { 'content-type': 'application/grpc-web-text', 'x-grpc-web': '1' },
        body: 'AAAAAAQKAjQy',
      },
      expect: { route: 'products-web', grpcMethod: 'shop.v1.ProductService/GetProduct', status: 200 },
    },
    { request: { url: '/inventory/ABC-1' }, expect: { route: 'inventory-stock', soapOperation: 'GetStock' } },
    { request: { url: '/orders/7' }, expect: { route: 'orders', auth: 'deny', status: 401 } },
    {
      request: { url: '/echo/hello?x=1' },
      expect: { route: 'echo', path: '/hello?x=1&via=gateway', headers: { 'x-gateway': 'demo' } },
    },
    { request: { url: '/health' }, expect: { route: 'health', status: 200 } },
    { request: { url: '/flags?beta=1' }, expect: { route: 'beta-flags', status: 200, body: { beta: true } } },
    {
      request: { method: 'POST', url: '/orders', body: { item: 'book' } },
      expect: { route: 'orders-write', auth: 'deny', status: 401 },
    },
    {
      name: 'the demo API key reserves stock',
      request: {
        method: 'POST',
        url: '/inventory/ABC-1/reservations',
        headers: { 'x-api-key': 'demo-key-7f3c9a1e5b2d4f60' },
        body: { quantity: 1 },
      },
      expect: { route: 'inventory-reserve', auth: 'allow', soapOperation: 'Reserve', status: 200 },
    },
    {
      name: 'admin:demo-password reaches the template-rewritten path',
      request: {
        url: 'http://localhost/admin/users/7',
        headers: { authorization: 'Basic YWRtaW46ZGVtby1wYXNzd29yZA==' },
      },
      expect: {
        route: 'admin-user',
        auth: 'allow',
        path: '/internal/accounts/7',
        // The Basic credential is stripped before forwarding.
        headers: { authorization: null },
      },
    },
    { request: { url: '/API/V0/Users/2' }, expect: { route: 'legacy-users', path: '/users/2' } },
    {
      request: { url: '/reports/users/1' },
      expect: { route: 'user-reports', upstream: 'usersSticky', path: '/users/1' },
    },
    {
      request: { method: 'DELETE', url: '/orders/4' },
      expect: { route: 'orders-delete', auth: 'deny', status: 401 },
    },
    { request: { url: '/files/a%2Fb.txt' }, expect: { route: 'files', path: '/files/a%2Fb.txt' } },
    { request: { url: '/nope' }, expect: { route: null, status: 404 } },
    {
      request: { url: 'http://localhost:8080/docs/routing?v=2' },
      expect: { route: 'docs-moved', status: 308, location: 'https://gateway.dev/guide/routing?v=2' },
    },
    {
      request: { method: 'POST', url: '/shadow/orders', body: { sku: 'ABC-1', quantity: 1 } },
      expect: {
        route: 'orders-shadow',
        upstream: 'orders',
        path: '/orders',
        status: 201,
        responseHeaders: { 'cache-control': 'no-store' },
      },
    },
    // The split, sampled (1000 requests by default), and exactly under the pin.
    {
      request: { url: '/canary/orders/1' },
      expect: { route: 'orders-canary', split: { orders: [0.85, 0.95], 'orders-v2': [0.05, 0.15] } },
    },
    {
      request: { url: '/canary/orders/1', headers: { 'x-canary': 'orders-v2' } },
      expect: { route: 'orders-canary', upstream: 'orders-v2', path: '/orders/1', split: { 'orders-v2': 1 } },
    },
    {
      name: 'a client asks the flaky route for a 503',
      request: { url: '/flaky/x', headers: { 'x-gateway-fault-abort': '503' } },
      expect: { route: 'flaky', status: 503 },
    },
    {
      name: 'the quota route names its policy in every answer',
      request: { url: '/quota/x', headers: { 'x-api-key': 'demo-key-7f3c9a1e5b2d4f60' } },
      expect: {
        route: 'quota',
        auth: 'allow',
        path: '/x',
        responseHeaders: { 'ratelimit-policy': '"quota";q=60;w=60' },
      },
    },
    {
      request: { url: '/mock/pets/7', headers: { prefer: 'example=dog' } },
      expect: { route: 'pets', status: 200, body: { name: 'Rex' } },
    },
    {
      request: { url: '/mock/users/7?lang=en' },
      expect: { route: 'mock-user', status: 200, body: { id: '7', lang: 'en' } },
    },
    { request: { url: '/mock/retry' }, expect: { route: 'mock-retry', status: 503 } },
    // Secure defaults: a path served with other methods is 405 (with Allow), a browser's
    // preflight is matched by the method it asks about, `..;` segments are refused.
    { request: { method: 'POST', url: '/users/1' }, expect: { route: null, status: 405 } },
    {
      name: 'a preflight for POST /orders is answered by the gateway',
      request: {
        method: 'OPTIONS',
        url: '/orders',
        headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
      },
      expect: { route: 'orders-write', status: 204 },
    },
    { request: { url: '/users/..;/orders/1' }, expect: { route: null, status: 400 } },
    // Traffic you can take away: the metrics endpoint, and W3C trace context sent upstream.
    { request: { url: '/__gateway/metrics' }, expect: { route: null, status: 200 } },
    {
      name: "a caller's trace continues upstream with the gateway's span as parent",
      request: {
        url: '/echo/traced',
        headers: {
          traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
          tracestate: 'shop=1',
        },
      },
      expect: {
        route: 'echo',
        headers: {
          traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-8000000080000000-01',
          tracestate: 'shop=1',
        },
      },
    },
    {
      name: 'an invalid traceparent starts a new trace and its tracestate is dropped',
      request: { url: '/echo/traced', headers: { traceparent: '00-0-0-01', tracestate: 'shop=1' } },
      expect: {
        route: 'echo',
        headers: { traceparent: '00-80000000800000008000000080000000-8000000080000000-01', tracestate: null },
      },
    },
  ],

  // `gateway lint` settings: an upstream no route uses is an error here, not a warning.
  lint: { rules: { 'upstream/unused': 'error' } },
});
