/**
 * What `gateway dev` reports while it runs: typed events that the access log and the terminal
 * UI subscribe to. The proxy and the reloader only emit; they never format anything.
 *
 * The emitter is synchronous and tiny. Emitting an event nobody listens to costs one array
 * length check, and hot-path callers test `wants(type)` before they build the event object,
 * so a gateway without a log or UI allocates nothing for events.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Output } from './format/output.js';
import type { ConfigIssue } from './config/issues.js';
import type { PoolsSnapshot } from './pipeline/balance/index.js';
import type { RouteRuntime } from './pipeline/route-state.js';
import type { RouteTable } from './pipeline/table.js';
import type { Decision, Headers } from './pipeline/types.js';

/** A body as captured: its full size, and its bytes when they fit under the cap. */
export interface CapturedBody {
  /** Bytes that passed (the whole body, even when `data` was dropped). */
  readonly size: number;
  /** The bytes, or `undefined` when the body was larger than the cap. */
  readonly data: Buffer | undefined;
}

/**
 * One exchange as the client saw it (`--har`, the UI's HAR save), recorded by the proxy when
 * capture is on. Headers are unredacted: redact when displaying.
 */
export interface CapturedExchange {
  /** `1.1`, `1.0`. */
  readonly httpVersion: string;
  readonly requestHeaders: IncomingHttpHeaders;
  readonly requestBody: CapturedBody | undefined;
  /** `undefined` when no answer head was written (the client went away first). */
  readonly responseHeaders: OutgoingHttpHeaders | undefined;
  readonly statusMessage: string | undefined;
  readonly responseBody: CapturedBody;
  /** Milliseconds from the request's arrival to the answer's head (`-1`: none was written). */
  readonly waitMs: number;
}

/** Routes and upstreams a reload added, removed or changed, by name. */
export interface TableDiff {
  readonly routesAdded: readonly string[];
  readonly routesRemoved: readonly string[];
  /** Same name, a different resolved config (match, rewrite, auth, upstream, …). */
  readonly routesChanged: readonly string[];
  readonly upstreamsAdded: readonly string[];
  readonly upstreamsRemoved: readonly string[];
  readonly upstreamsChanged: readonly string[];
}

/** Every event `gateway dev` emits, by type. */
export interface GatewayEvents {
  /** A request arrived (its head is read; the body may still be coming). */
  'request-started': {
    readonly id: number;
    readonly method: string;
    readonly url: string;
    readonly at: number;
  };
  /** The pipeline decided what happens to it. */
  'request-decided': {
    readonly id: number;
    readonly decision: Decision;
    /** The request's headers as received (for `--record`, which keeps the ones that decided). */
    readonly headers?: Headers;
  };
  /**
   * The answer is complete, or the exchange ended early. `status` is what the client got
   * (0 when nothing could be sent); `error` says why it ended early or failed upstream.
   */
  'request-finished': {
    readonly id: number;
    readonly method: string;
    readonly url: string;
    /** When the request started (ms since the epoch). */
    readonly at: number;
    readonly status: number;
    readonly durationMs: number;
    /** Response body bytes sent to the client. */
    readonly bytes: number;
    /** `undefined` when the request failed before the pipeline decided (a body over the limit). */
    readonly decision: Decision | undefined;
    /** The target that answered in the end (differs from `decision.target` after a retry). */
    readonly target: string | undefined;
    readonly error?: string;
    /** How many times the request was retried on another target. */
    readonly retries?: number;
    /** Headers and bodies as the client sent and got them, when capture is on (`--har`, the UI). */
    readonly capture?: CapturedExchange;
  };
  /** A changed config (or a file it uses) was loaded and its table now serves new requests. */
  'reload-succeeded': {
    /** The file whose change triggered the reload (the config file for a manual reload). */
    readonly file: string;
    readonly routes: number;
    readonly diff: TableDiff;
    readonly durationMs: number;
    /** Known requests (route tests, recordings, a sample per route) the new table decides differently. */
    readonly requests?: { readonly changed: number; readonly known: number };
  };
  /** A change could not be loaded; the previous table keeps serving. */
  'reload-failed': {
    readonly file: string;
    readonly issues: readonly ConfigIssue[];
    /** The config loaded, but this many route tests failed on it (the test gate); `issues` name them. */
    readonly failedTests?: number;
  };
  /**
   * A target became healthy or unhealthy: active checks flipped it (`probe`), passive ejection took
   * it out (`ejected`) or its ejection ended (`readmitted`).
   */
  'target-health': {
    readonly upstream: string;
    readonly target: string;
    readonly healthy: boolean;
    readonly kind: 'probe' | 'ejected' | 'readmitted';
    readonly reason: string;
  };
  /**
   * A mirrored copy of a request finished (or could not be sent). `ok`: the mirror answered
   * below 500. Never affects the client's answer; the UI counts the failures.
   */
  'mirror-finished': {
    readonly route: string | undefined;
    readonly upstream: string;
    /** `''` when the copy was not sent (a body it could not copy). */
    readonly target: string;
    readonly ok: boolean;
    /** 0 when no answer came. */
    readonly status: number;
    readonly durationMs: number;
    readonly error?: string;
  };
  /** The proxy accepts connections at `url`. */
  listening: { readonly url: string };
  /** SIGINT/SIGTERM (or the test's abort signal): no new connections, in-flight ones finishing. */
  shutdown: { readonly reason: string };
}

export type GatewayEventType = keyof GatewayEvents;
export type Listener<T extends GatewayEventType> = (event: GatewayEvents[T]) => void;

/** Subscribe to, and emit, gateway events. */
export interface GatewayEventBus {
  /** Adds a listener; the returned function removes it. */
  on<T extends GatewayEventType>(type: T, listener: Listener<T>): () => void;
  /** Calls every listener of `type` synchronously, in subscription order. */
  emit<T extends GatewayEventType>(type: T, event: GatewayEvents[T]): void;
  /** Whether anyone listens to `type`: check it before building an event on the hot path. */
  wants(type: GatewayEventType): boolean;
}

/** Creates an event bus. A listener that throws is reported on stderr-like `onListenerError`, never to the emitter. */
export function createEventBus(
  onListenerError: (error: unknown) => void = reportListenerError,
): GatewayEventBus {
  const listeners: { [T in GatewayEventType]?: Listener<T>[] } = {};
  return {
    on(type, listener) {
      // Copy-on-write: an emit in progress keeps iterating the array it started with.
      listeners[type] = [...(listeners[type] ?? []), listener] as never;
      return () => {
        listeners[type] = (listeners[type] ?? []).filter((l) => l !== listener) as never;
      };
    },
    emit(type, event) {
      const list = listeners[type];
      if (list === undefined || list.length === 0) return;
      for (let i = 0; i < list.length; i++) {
        try {
          list[i]!(event);
        } catch (error) {
          // A broken log line or UI render must not take a request down with it.
          onListenerError(error);
        }
      }
    },
    wants(type) {
      const list = listeners[type];
      return list !== undefined && list.length > 0;
    },
  };
}

function reportListenerError(error: unknown): void {
  process.stderr.write(
    `gateway: an event listener failed (this is a bug): ${(error as Error)?.stack ?? error}\n`,
  );
}

/**
 * The terminal UI's entry point, as `gateway dev` calls it (`src/ui/index.ts` exports `startUi`).
 * The UI only displays: it subscribes to `events`, reads the current table with `getTable`
 * (for route lists and the detail view) and asks for a reload with `reload` (the `r` key).
 */
export interface UiContract {
  startUi(options: UiOptions): UiHandle | Promise<UiHandle>;
}

export interface UiOptions {
  readonly events: GatewayEventBus;
  readonly getTable: () => RouteTable;
  /** Reloads the config now; resolves when the reload event has been emitted. */
  readonly reload: () => Promise<void>;
  readonly stdout: Output;
  readonly stdin: NodeJS.ReadStream;
  /** The UI's quit key: `gateway dev` shuts down gracefully as it does on SIGINT. */
  readonly quit: () => void;
  /** `gateway listening on http://HOST:PORT`, for the first screen. */
  readonly listeningLine: string;
  /** Live balancer state (health, ejections, in flight) for the upstreams panel; read once per frame. */
  readonly getPools?: () => PoolsSnapshot;
  /** Colour on (`--no-color` and `NO_COLOR` honoured); defaults to the stdout/env check. */
  readonly color?: boolean;
  /** The proxy's rate-limit buckets (shown) and chaos overlay (the `f` key switches it). */
  readonly routeState?: RouteRuntime;
}

export interface UiHandle {
  /** Unmounts the UI and restores the terminal. */
  close(): void | Promise<void>;
}
