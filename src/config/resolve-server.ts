/** `server` and CORS settings, resolved. */
import { resolve } from 'node:path';
import type { ResolvedCors, ResolvedServer } from './resolved.js';
import type { CorsConfig, ServerConfig } from './schema/index.js';
import { toBytes, toMilliseconds } from './units.js';
import { statelessRegex } from './values.js';

const CORS_METHODS = ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'];

/** Listening address, limits and CORS with their defaults; TLS files made absolute against `dir`. */
export function resolveServer(server: ServerConfig | undefined, dir: string): ResolvedServer {
  const limits = server?.limits;
  return {
    host: server?.host ?? '127.0.0.1',
    port: server?.port ?? 8080,
    tls: server?.tls && { cert: resolve(dir, server.tls.cert), key: resolve(dir, server.tls.key) },
    trustedProxies: server?.trustedProxies ?? [],
    limits: {
      headerSize: toBytes(limits?.headerSize ?? '16kb'),
      bodySize: toBytes(limits?.bodySize ?? '10mb'),
      headersTimeout: toMilliseconds(limits?.headersTimeout ?? '10s'),
      requestTimeout: toMilliseconds(limits?.requestTimeout ?? '60s'),
      shutdownGrace: toMilliseconds(limits?.shutdownGrace ?? '5s'),
    },
    cors: server?.cors && resolveCors(server.cors),
    metrics: resolveMetrics(server?.metrics),
  };
}

function resolveMetrics(metrics: ServerConfig['metrics']): ResolvedServer['metrics'] {
  if (metrics === undefined || metrics === false) return undefined;
  const options = metrics === true ? {} : metrics;
  return { path: options.path ?? '/__gateway/metrics', allow: options.allow ?? ['loopback'] };
}

/** Methods upper-cased, header names lower-cased, `maxAge` in whole seconds (what the header carries). */
export function resolveCors(cors: CorsConfig): ResolvedCors {
  return {
    origins:
      cors.origins === '*'
        ? '*'
        : cors.origins.map((origin) => (origin instanceof RegExp ? statelessRegex(origin) : origin)),
    methods: (cors.methods ?? CORS_METHODS).map((method) => method.toUpperCase()),
    headers: cors.headers?.map((header) => header.toLowerCase()),
    exposeHeaders: (cors.exposeHeaders ?? []).map((header) => header.toLowerCase()),
    credentials: cors.credentials ?? false,
    maxAgeSeconds: Math.floor(toMilliseconds(cors.maxAge ?? '10m') / 1000),
  };
}
