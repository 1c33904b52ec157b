/**
 * A running gateway: the server, the current generation, active health checks, the config
 * watcher and the reload applier, wired together. `gateway dev` adds the command-line parts
 * (output, signals, the demo); tests use this directly.
 */
import type { GatewayEventBus } from '../events.js';
import type { PoolEvent, Pools } from '../pipeline/balance/index.js';
import type { RouteTable } from '../pipeline/table.js';
import type { Result } from '../config/issues.js';
import { createReloader, type LoadedTable, watchConfigFiles } from '../reload/index.js';
import type { Clock } from './generation.js';
import { type CaptureOptions, createGatewayServer, type GatewayServer } from './server.js';
import { closeProtocolChannels, retainProtocolChannels } from './transform.js';

export interface StartOptions {
  /** The first successful load. */
  readonly loaded: LoadedTable;
  /** Loads the config again (on change, or `reload()`). */
  readonly load: () => Promise<Result<LoadedTable>>;
  readonly events: GatewayEventBus;
  /** Override `server.port` / `server.host`. */
  readonly port?: number;
  readonly host?: string;
  /** Watch the config and its files. @default true */
  readonly watch?: boolean;
  /** Run active health checks. @default true */
  readonly healthChecks?: boolean;
  readonly clock?: Partial<Clock>;
  /** Debounce of the watcher (ms). @default 40 */
  readonly debounceMs?: number;
  /** Record headers and bodies into `request-finished` events (`--har`, the UI). */
  readonly capture?: CaptureOptions;
}

export interface RunningGateway {
  /** `http://127.0.0.1:8080`. */
  readonly url: string;
  readonly server: GatewayServer;
  /** The table serving new requests. */
  getTable(): RouteTable;
  /** Reloads now (the UI's `r` key); resolves after `reload-succeeded` or `reload-failed`. */
  reload(): Promise<void>;
  /** Graceful stop: no new connections, in-flight requests get `server.limits.shutdownGrace`. */
  close(): Promise<void>;
}

/** Starts the gateway for an already loaded config. Rejects when it cannot listen. */
export async function startGateway(options: StartOptions): Promise<RunningGateway> {
  const { events } = options;
  const first = options.loaded.table;
  const server = createGatewayServer({
    table: first,
    events,
    clock: options.clock,
    capture: options.capture,
  });
  let stopHealth = startHealth(server.current.pools, first, events, options.healthChecks !== false);

  const url = await server.listen(
    options.port ?? first.config.server.port,
    options.host ?? first.config.server.host,
  );
  events.emit('listening', { url });

  const reloader = createReloader({
    load: options.load,
    current: () => server.current.table,
    apply(table) {
      stopHealth();
      const generation = server.swap(table);
      retainProtocolChannels(table);
      stopHealth = startHealth(generation.pools, table, events, options.healthChecks !== false);
    },
    watch: (files) => watcher?.setFiles(files),
    events,
    configFile: options.loaded.file,
    files: first.files,
  });
  const watcher =
    options.watch === false
      ? undefined
      : watchConfigFiles(options.loaded.dependencies, (changed) => void reloader.reload(changed), {
          debounceMs: options.debounceMs,
        });
  await watcher?.ready;

  let closing: Promise<void> | undefined;
  return {
    url,
    server,
    getTable: () => server.current.table,
    reload: () => reloader.reload(),
    close() {
      closing ??= (async () => {
        await watcher?.close();
        stopHealth();
        await server.close(server.current.table.config.server.limits.shutdownGrace);
        closeProtocolChannels();
      })();
      return closing;
    },
  };
}

/** Starts active health checks for `table` and forwards pool events; returns the stop function. */
function startHealth(pools: Pools, table: RouteTable, events: GatewayEventBus, active: boolean): () => void {
  const off = pools.onEvent((event) => events.emit('target-health', toHealthEvent(event)));
  let checks: { stop(): void } | undefined;
  let stopped = false;
  if (active && Object.values(table.config.upstreams).some((u) => u.health.active !== undefined)) {
    // Loaded only when some upstream has active checks.
    void import('../health/index.js').then(({ startHealthChecks }) => {
      if (!stopped) checks = startHealthChecks(table.config.upstreams, pools);
    });
  }
  return () => {
    stopped = true;
    off();
    checks?.stop();
  };
}

function toHealthEvent(event: PoolEvent) {
  if (event.type === 'target-health') {
    return {
      upstream: event.upstream,
      target: event.target,
      healthy: event.healthy,
      kind: 'probe' as const,
      reason: event.reason,
    };
  }
  if (event.type === 'target-ejected') {
    return {
      upstream: event.upstream,
      target: event.target,
      healthy: false,
      kind: 'ejected' as const,
      reason: event.reason,
    };
  }
  return {
    upstream: event.upstream,
    target: event.target,
    healthy: true,
    kind: 'readmitted' as const,
    reason: event.reason,
  };
}
