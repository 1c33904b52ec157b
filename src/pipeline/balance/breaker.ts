/**
 * Circuit breaking per upstream: at most `maxConcurrent` requests in flight, and at most
 * `maxPending` more waiting (first come, first served) for a slot. Anything beyond is refused at
 * once with a reason naming the limit, which the proxy turns into a 503 problem.
 */
import type { ResolvedUpstream } from '../../config/resolved.js';

/** The answer to "may this request go to the upstream now?". */
export type Admission =
  /** Go ahead; call `release()` exactly once when the response is done (extra calls are ignored). */
  | { readonly ok: true; release(): void }
  /** `upstream "orders" is at its limit of 100 concurrent requests (maxConcurrent)`. */
  | { readonly ok: false; readonly reason: string };

export type Limits = ResolvedUpstream['limits'];

/** One upstream's breaker. */
export interface Breaker {
  /** Requests holding a slot. */
  readonly active: number;
  /** Requests waiting for a slot. */
  readonly pending: number;
  /** Applies new limits (after a reload); raising them lets waiting requests in. */
  setLimits(limits: Limits): void;
  /** Takes a slot, waits in line for one, or refuses. `signal` abandons the wait. */
  admit(signal?: AbortSignal): Promise<Admission>;
}

interface Waiter {
  readonly resolve: (admission: Admission) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

/** Creates the breaker of upstream `name`. */
export function createBreaker(name: string, initial: Limits): Breaker {
  let limits = initial;
  let active = 0;
  const queue: Waiter[] = [];

  function grant(): Admission {
    active++;
    let released = false;
    return {
      ok: true,
      release() {
        if (released) return;
        released = true;
        active--;
        drain();
      },
    };
  }

  function drain(): void {
    while (queue.length > 0 && active < limits.maxConcurrent) {
      const waiter = queue.shift()!;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(grant());
    }
  }

  const atLimit = () =>
    `upstream "${name}" is at its limit of ${limits.maxConcurrent} concurrent ${limits.maxConcurrent === 1 ? 'request' : 'requests'} (maxConcurrent)`;

  return {
    get active() {
      return active;
    },
    get pending() {
      return queue.length;
    },
    setLimits(next) {
      limits = next;
      drain();
    },
    admit(signal) {
      if (signal?.aborted)
        return Promise.resolve({ ok: false, reason: `request to "${name}" was abandoned` });
      if (active < limits.maxConcurrent && queue.length === 0) return Promise.resolve(grant());
      if (queue.length >= limits.maxPending) {
        const waiting =
          limits.maxPending === 0
            ? ''
            : ` and ${limits.maxPending} waiting (maxPending ${limits.maxPending})`;
        return Promise.resolve({ ok: false, reason: `${atLimit()}${waiting}` });
      }
      return new Promise<Admission>((resolve) => {
        const waiter: Waiter = {
          resolve,
          signal,
          onAbort() {
            const index = queue.indexOf(waiter);
            if (index >= 0) queue.splice(index, 1);
            resolve({ ok: false, reason: `gave up waiting for a free slot: ${atLimit()}` });
          },
        };
        signal?.addEventListener('abort', waiter.onAbort, { once: true });
        queue.push(waiter);
      });
    },
  };
}
