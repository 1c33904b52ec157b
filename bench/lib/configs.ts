/**
 * Config files the bench writes into .bench/ (gitignored): gateway configs as JSON (no
 * transpiling at start-up) and an nginx config for the reverse-proxy reference.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The path every contender is asked for; the backend answers any path. */
export const HIT_PATH = '/bench/items/42';
/** The api key the 1,000-route config accepts (read from the environment, as a user would). */
export const API_KEY = 'bench-key-0123456789abcdef';
export const API_KEY_ENV = 'GATEWAY_BENCH_API_KEY';

/** A gateway config with one public route to `backend`. */
export function oneRouteConfig(backend: string): object {
  return {
    server: { host: '127.0.0.1', port: 8080 },
    upstreams: { backend },
    routes: [{ name: 'bench', match: { path: '/bench/**' }, upstream: 'backend', auth: false }],
  };
}

/**
 * The one-route config with a rate limit every request passes (a bucket far larger than any run
 * sends): what drawing a token and adding the RateLimit fields costs, next to `oneRouteConfig`.
 */
export function rateLimitedConfig(backend: string): object {
  const config = oneRouteConfig(backend) as { routes: object[] };
  return {
    ...config,
    routes: [{ ...config.routes[0], rateLimit: { requests: 1_000_000_000, per: '1s' } }],
  };
}

/**
 * 1,000 routes; the request hits the last one, a parameter route behind an api-key provider.
 * The 999 before it are a realistic mix per service: an exact GET route, a parameter route and
 * a catch-all, so a linear scan would try them all.
 */
export function thousandRoutesConfig(backend: string): object {
  const routes: object[] = [];
  for (let i = 0; routes.length < 999; i++) {
    routes.push({
      name: `svc${i}-health`,
      match: { path: `/svc${i}/health`, methods: ['GET'] },
      upstream: 'backend',
      auth: false,
    });
    if (routes.length < 999)
      routes.push({
        name: `svc${i}-item`,
        match: { path: `/svc${i}/items/:id`, methods: ['GET'] },
        upstream: 'backend',
        auth: false,
      });
    if (routes.length < 999)
      routes.push({ name: `svc${i}-all`, match: { path: `/svc${i}/**` }, upstream: 'backend', auth: false });
  }
  routes.push({
    name: 'bench',
    match: { path: '/bench/items/:id', methods: ['GET'] },
    upstream: 'backend',
    auth: 'key',
  });
  return {
    server: { host: '127.0.0.1', port: 8080 },
    upstreams: { backend },
    auth: {
      key: {
        type: 'api-key',
        header: 'x-api-key',
        keys: [{ name: 'bench-client', key: { env: API_KEY_ENV } }],
      },
    },
    routes,
  };
}

/** Writes `config` as `<dir>/<name>/gateway.config.json`; returns the file's path. */
export function writeGatewayConfig(dir: string, name: string, config: object): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'gateway.config.json');
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}

/**
 * nginx as a reverse proxy with an upstream keep-alive pool, one worker, no access log.
 * Returns the config file; nginx runs with `-p <folder> -c <file> -e <error log> -g 'daemon off;'`.
 */
export function writeNginxConfig(
  dir: string,
  port: number,
  backendPort: number,
): { prefix: string; file: string } {
  const prefix = join(dir, 'nginx');
  mkdirSync(join(prefix, 'temp'), { recursive: true });
  const file = join(prefix, 'nginx.conf');
  writeFileSync(
    file,
    `worker_processes 1;
pid ${prefix}/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${prefix}/temp/body;
  proxy_temp_path ${prefix}/temp/proxy;
  fastcgi_temp_path ${prefix}/temp/fastcgi;
  uwsgi_temp_path ${prefix}/temp/uwsgi;
  scgi_temp_path ${prefix}/temp/scgi;
  upstream backend { server 127.0.0.1:${backendPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`,
  );
  return { prefix, file };
}
