/** Events the pools emit when a target's health changes; the log prints them, the UI shows them. */

/**
 * A target's health changed.
 * @example { type: 'target-ejected', upstream: 'orders', target: '127.0.0.1:4203', at: 1764133200000,
 *   until: 1764133230000, reason: '5 errors in a row (last: http-5xx), out for 30s' }
 */
export type PoolEvent =
  /** Active health checks marked the target healthy or unhealthy. */
  | {
      readonly type: 'target-health';
      readonly upstream: string;
      readonly target: string;
      readonly at: number;
      readonly healthy: boolean;
      readonly reason: string;
    }
  /** Passive ejection took the target out until `until` (ms since the epoch). */
  | {
      readonly type: 'target-ejected';
      readonly upstream: string;
      readonly target: string;
      readonly at: number;
      readonly until: number;
      readonly reason: string;
    }
  /** An ejected target is back: its time was up, or it passed active health checks after being down. */
  | {
      readonly type: 'target-readmitted';
      readonly upstream: string;
      readonly target: string;
      readonly at: number;
      readonly reason: string;
    };

export type PoolEventListener = (event: PoolEvent) => void;

/** A minimal synchronous emitter; listeners run in the order they subscribed and must not throw. */
export function createEmitter(): {
  emit(event: PoolEvent): void;
  on(listener: PoolEventListener): () => void;
} {
  const listeners = new Set<PoolEventListener>();
  return {
    emit(event) {
      for (const listener of [...listeners]) listener(event);
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
