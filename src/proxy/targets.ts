/**
 * Per-target forwarding settings, built once per route table: the parsed target URL, a keep-alive
 * agent, and the http-proxy-3 options. A request only looks its target up.
 *
 * Agents are keyed by upstream, target origin and TLS strictness, so a reload keeps the warm
 * connections of every target it did not change, and retires the others gently: idle sockets
 * close now, busy ones when their response is done.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { ServerOptions } from 'http-proxy-3';
import type { ResolvedUpstream } from '../config/resolved.js';
import type { RouteTable } from '../pipeline/table.js';

/** How requests reach one target. */
export interface TargetRoute {
  readonly upstream: ResolvedUpstream;
  readonly targetId: string;
  /** Passed to `proxy.web`/`proxy.ws` as is. */
  readonly options: ServerOptions;
}

/** Upstream name → target id → route. */
export type TargetRoutes = ReadonlyMap<string, ReadonlyMap<string, TargetRoute>>;

/** Keeps one keep-alive agent per upstream target across reloads. */
export class UpstreamAgents {
  readonly #agents = new Map<string, HttpAgent>();

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
    for (const agent of this.#agents.values()) agent.destroy();
    this.#agents.clear();
  }

  #route(upstream: ResolvedUpstream, targetId: string, url: string, key: string): TargetRoute {
    let agent = this.#agents.get(key);
    const target = new URL(url);
    const isHttps = target.protocol === 'https:' || target.protocol === 'wss:';
    if (agent === undefined) {
      agent = isHttps
        ? new HttpsAgent({ keepAlive: true, rejectUnauthorized: !upstream.tlsInsecure })
        : new HttpAgent({ keepAlive: true });
      this.#agents.set(key, agent);
    }
    return {
      upstream,
      targetId,
      options: {
        target,
        agent,
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

/** Stops an agent from keeping sockets: idle ones close now, busy ones when released. */
function retire(agent: HttpAgent): void {
  (agent as unknown as { keepAlive: boolean }).keepAlive = false;
  for (const sockets of Object.values(agent.freeSockets))
    for (const socket of sockets ?? []) socket.destroy();
}
