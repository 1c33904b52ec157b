/**
 * The UI's plain-data store: a reducer over gateway events. It never decides anything — it keeps
 * the events `gateway dev` emits, bounded, for the components to display.
 *
 * Cost matters here because the proxy calls these listeners synchronously on every request: a
 * finished request is one ring-buffer store (the event object itself is kept, not copied), one
 * map lookup and a few counter updates. Nothing renders per event; `version` changes and the
 * screen's frame timer renders when it sees a new one.
 *
 * Memory matters as much: an event carries the whole Decision (its trace) and the captured
 * headers and bodies, ≈ 10 KB or more. Kept for the list's 1,000 requests, every one of them
 * outlived the young generation and was copied into the old one. So only the last `DETAILED`
 * requests keep everything; older ones are trimmed to what a list row shows (`trimmed: true`),
 * and the full events die young.
 */
import type { GatewayEventBus, GatewayEvents, GatewayEventType } from '../../events.js';
import { Ring } from './ring.js';
import { createRouteStats, type RouteStats, recordRequest } from './route-stats.js';

/**
 * A request as the list shows it: the `request-finished` event, as emitted — or, once
 * `DETAILED` newer requests arrived, trimmed: no captured exchange, a Decision without its trace.
 */
export type FinishedRequest = GatewayEvents['request-finished'] & { readonly trimmed?: true };

/** How many of the most recent requests keep their trace and captured headers and bodies. */
export const DETAILED = 100;

/** The last reload and how it went. */
export type ReloadStatus =
  | { readonly ok: true; readonly at: number; readonly event: GatewayEvents['reload-succeeded'] }
  | { readonly ok: false; readonly at: number; readonly event: GatewayEvents['reload-failed'] };

/** Everything the screen shows that comes from events. Mutated in place by `applyEvent`. */
export interface UiState {
  /** The most recent finished requests, oldest first. */
  readonly requests: Ring<FinishedRequest>;
  /** By route name; `(no route)` counts requests no route matched. */
  readonly routes: Map<string, RouteStats>;
  /** Latest health change per `upstream target`. */
  readonly health: Map<string, GatewayEvents['target-health']>;
  listeningUrl: string | undefined;
  /** When the UI started (the first load). */
  readonly startedAt: number;
  lastReload: ReloadStatus | undefined;
  /** The failed reload whose error stays on screen until a reload succeeds. */
  failedReload: (ReloadStatus & { readonly ok: false }) | undefined;
  /** `r` was pressed and the reload has not reported yet. */
  reloading: boolean;
  /** Set by the `shutdown` event. */
  shutdown: string | undefined;
  /** Mirrored copies that failed or could not be sent (`mirror-finished` with `ok: false`). */
  mirrorFailures: number;
  /** The outcome of the last key action that reports one (`s`: `saved 12 requests to …`). */
  notice: string | undefined;
  /** Bumped on every change; the frame timer renders when it differs from the last frame's. */
  version: number;
}

export interface StoreOptions {
  /** Recent requests kept for the list. @default 1000 */
  readonly capacity?: number;
  readonly now?: () => number;
}

/** Name the routes panel uses for requests no route matched. */
export const NO_ROUTE = '(no route)';

/** An empty state. */
export function createUiState(options: StoreOptions = {}): UiState {
  return {
    requests: new Ring(options.capacity ?? 1000),
    routes: new Map(),
    health: new Map(),
    listeningUrl: undefined,
    startedAt: (options.now ?? Date.now)(),
    lastReload: undefined,
    failedReload: undefined,
    reloading: false,
    shutdown: undefined,
    mirrorFailures: 0,
    notice: undefined,
    version: 0,
  };
}

/** The reducer: applies one event to `state` (in place — see the file comment for why). */
export function applyEvent<T extends GatewayEventType>(
  state: UiState,
  type: T,
  event: GatewayEvents[T],
  now: number,
): void {
  switch (type) {
    case 'request-finished': {
      const e = event as FinishedRequest;
      state.requests.push(e);
      const agedSeq = state.requests.newestSeq - DETAILED;
      const aged = state.requests.at(agedSeq);
      if (aged !== undefined && !aged.trimmed) state.requests.replace(agedSeq, trimmed(aged));
      const name = e.decision === undefined ? undefined : (e.decision.route?.name ?? NO_ROUTE);
      if (name !== undefined) {
        let stats = state.routes.get(name);
        if (stats === undefined) {
          stats = createRouteStats();
          state.routes.set(name, stats);
        }
        recordRequest(stats, e.status, e.durationMs);
      }
      break;
    }
    case 'reload-succeeded': {
      const e = event as GatewayEvents['reload-succeeded'];
      state.lastReload = { ok: true, at: now, event: e };
      state.failedReload = undefined;
      state.reloading = false;
      // Counters of routes a reload removed would otherwise stay forever.
      for (const removed of e.diff.routesRemoved) state.routes.delete(removed);
      break;
    }
    case 'reload-failed': {
      const failed = { ok: false as const, at: now, event: event as GatewayEvents['reload-failed'] };
      state.lastReload = failed;
      state.failedReload = failed;
      state.reloading = false;
      break;
    }
    case 'target-health': {
      const e = event as GatewayEvents['target-health'];
      state.health.set(`${e.upstream} ${e.target}`, e);
      break;
    }
    case 'listening':
      state.listeningUrl = (event as GatewayEvents['listening']).url;
      break;
    case 'shutdown':
      state.shutdown = (event as GatewayEvents['shutdown']).reason;
      break;
    case 'mirror-finished':
      if ((event as GatewayEvents['mirror-finished']).ok) return;
      state.mirrorFailures++;
      break;
    default:
      return;
  }
  state.version++;
}

/** What a list row, the filter and a HAR entry's summary read of a request; no trace, no capture. */
function trimmed(request: FinishedRequest): FinishedRequest {
  const d = request.decision;
  return {
    id: request.id,
    method: request.method,
    url: request.url,
    at: request.at,
    status: request.status,
    durationMs: request.durationMs,
    bytes: request.bytes,
    target: request.target,
    ...(request.error !== undefined && { error: request.error }),
    ...(request.retries !== undefined && { retries: request.retries }),
    decision:
      d === undefined
        ? undefined
        : {
            request: d.request,
            action: d.action,
            ...(d.status !== undefined && { status: d.status }),
            ...(d.route && { route: d.route }),
            ...(d.upstream !== undefined && { upstream: d.upstream }),
            ...(d.split && { split: d.split }),
            ...(d.upstreamPath !== undefined && { upstreamPath: d.upstreamPath }),
            ...(d.auth && { auth: d.auth }),
            ...(d.target && { target: d.target }),
            ...(d.fault && { fault: d.fault }),
            trace: [],
          },
    trimmed: true,
  };
}

/** `c`: forgets the listed requests and the route counters. */
export function clearRequests(state: UiState): void {
  state.requests.clear();
  state.routes.clear();
  state.version++;
}

/** Subscribes `state` to the events the screen shows; returns the unsubscribe function. */
export function subscribeState(
  state: UiState,
  events: GatewayEventBus,
  now: () => number = Date.now,
): () => void {
  const types: readonly GatewayEventType[] = [
    'request-finished',
    'reload-succeeded',
    'reload-failed',
    'target-health',
    'listening',
    'shutdown',
    'mirror-finished',
  ];
  // request-started and request-decided are left alone on purpose: without listeners the proxy
  // does not even build them, and the finished event carries the Decision too.
  const off = types.map((type) =>
    events.on(type, (event) => applyEvent(state, type, event, type === 'request-finished' ? 0 : now())),
  );
  return () => {
    for (const unsubscribe of off) unsubscribe();
  };
}
