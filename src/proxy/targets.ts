/**
 * Per-target forwarding settings, built once per route table: the parsed target URL, an undici
 * connection pool for plain HTTP requests, and the http-proxy-3 options for WebSocket upgrades.
 * A request only looks its target up.
 *
 * Pools are keyed by upstream, target origin and TLS strictness, so a reload keeps the warm
 * connections of every target it did not change, and retires the others gently: idle
 * connections close now, busy ones when their response is done.
 */
import type { ServerOptions } from 'http-proxy-3';
import { Pool } from './undici-pool.js';
import type { ResolvedUpstream } from '../config/resolved.js';
import type { RouteTable } from '../pipeline/table.js';

/** How requests reach one target. */
export interface TargetRoute {
  readonly upstream: ResolvedUpstream;
  readonly targetId: string;
  /** The keep-alive pool plain HTTP requests go through. */
  readonly pool: Pool;
  /** The target URL's path and query, prefixed to every upstream path (`''` for `/`). */
  readonly basePath: string;
  /** `Host` for `changeOrigin`: the target's host, with its port unless it is the default. */
  readonly originHost: string;
  /** Passed to `proxy.ws` (WebSocket upgrades) as is. */
  readonly options: ServerOptions;
}

/** Upstream name → target id → route. */
export type TargetRoutes = ReadonlyMap<string, ReadonlyMap<string, TargetRoute>>;

/** Keeps one keep-alive pool per upstream target across reloads. */
export class UpstreamAgents {
  readonly #agents = new Map<string, Pool>();

  /** Builds the routes for `table`'s HTTP upstreams; agents no longer used are retired. */
  routesFor(table: RouteTable): TargetRoutes {
    const used = new Set<string>();
    const routes = new Map<string, Map<string, TargetRoute>>();
    for (const upstream of Object.values(table.config.upstreams)) {
      if (upstream.protocol !== 'http') continue;
      const targets = new Map<string, TargetRoute>();
      for (const target of upstream.targets) {
        const key = agentKey(upstream, target.url);
        used.add(key);
        targets.set(target.id, this.#route(upstream, target.id, target.url, key));
      }
      routes.set(upstream.name, targets);
    }
    for (const [key, agent] of this.#agents) {
      if (used.has(key)) continue;
      this.#agents.delete(key);
      retire(agent);
    }
    return routes;
  }

  /** A route for a target the table does not list (a retry to a target picked after a reload). */
  routeFor(upstream: ResolvedUpstream, targetId: string, url: string): TargetRoute {
    return this.#route(upstream, targetId, url, agentKey(upstream, url));
  }

  /** Closes every connection (shutdown). */
  destroy(): void {
    for (const pool of this.#agents.values()) void pool.destroy().catch(ignore);
    this.#agents.clear();
  }

  #route(upstream: ResolvedUpstream, targetId: string, url: string, key: string): TargetRoute {
    const target = new URL(url);
    const isHttps = target.protocol === 'https:' || target.protocol === 'wss:';
    let pool = this.#agents.get(key);
    if (pool === undefined) {
      pool = new Pool(`${isHttps ? 'https' : 'http'}://${target.host}`, {
        connect: { timeout: upstream.timeouts.connect, rejectUnauthorized: !upstream.tlsInsecure },
        // The gateway arms its own response timer per try (route timeout / timeouts.response);
        // once the answer has begun, a slow body is the client's to wait for.
        headersTimeout: 0,
        bodyTimeout: 0,
      });
      this.#agents.set(key, pool);
    }
    const base = `${target.pathname}${target.search}`;
    return {
      upstream,
      targetId,
      pool,
      basePath: base === '/' ? '' : base,
      originHost: target.host,
      options: {
        target,
        changeOrigin: upstream.changeOrigin,
        secure: !upstream.tlsInsecure,
        connectTimeout: upstream.timeouts.connect,
        xfwd: false,
        // The gateway writes the response itself: hop-by-hop filtering, CORS, retries on status.
        selfHandleResponse: true,
      },
    };
  }
}

function agentKey(upstream: ResolvedUpstream, url: string): string {
  return `${upstream.name}|${url}|${upstream.tlsInsecure ? 'insecure' : 'verify'}`;
}

/** Stops a pool: requests in flight finish, then its connections close. */
function retire(pool: Pool): void {
  void pool.close().catch(ignore);
}

function ignore(): void {}
