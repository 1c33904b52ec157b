/**
 * Where each route's `mock.sequence` stands: runtime state, like rate-limit buckets. The proxy
 * advances it one answer per request; `explain` and `test` look at the next answer without
 * advancing.
 */

export interface MockSequences {
  /** The index of the answer for this request (of `length`); advances when `consume`. */
  next(route: string, length: number, loop: boolean, consume: boolean): number;
  /** Starts every sequence again (a reload that changed them). */
  reset(): void;
}

/** Every sequence at its first answer. */
export function createMockSequences(): MockSequences {
  const served = new Map<string, number>();
  return {
    next(route, length, loop, consume) {
      const count = served.get(route) ?? 0;
      if (consume) served.set(route, count + 1);
      return loop ? count % length : Math.min(count, length - 1);
    },
    reset: () => served.clear(),
  };
}
