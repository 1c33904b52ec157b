/**
 * A fixed-capacity ring of the most recent items. `push` is O(1) and allocates nothing: the
 * backing array is sized once, and the oldest item is overwritten when the ring is full.
 * Every item gets a sequence number (`seq`, counting from 1 since creation), which stays the same
 * while the item is in the ring — the UI selects and pauses by it.
 */
export class Ring<T> {
  readonly capacity: number;
  readonly #items: (T | undefined)[];
  /** Items ever pushed: the newest item's `seq`. */
  #total = 0;
  /** `seq` of the oldest item still held (after `clear`, everything at or below it is gone). */
  #cleared = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be ≥ 1, got ${capacity}`);
    this.capacity = capacity;
    this.#items = new Array<T | undefined>(capacity).fill(undefined);
  }

  /** Appends `item`; the oldest one drops out when the ring is full. */
  push(item: T): void {
    this.#items[this.#total % this.capacity] = item;
    this.#total++;
  }

  /** How many items are held (at most `capacity`). */
  get length(): number {
    return this.#total - this.oldestSeq + 1;
  }

  /** `seq` of the newest item (0 when nothing was ever pushed). */
  get newestSeq(): number {
    return this.#total;
  }

  /** `seq` of the oldest item held; greater than `newestSeq` when empty. */
  get oldestSeq(): number {
    return Math.max(this.#cleared, this.#total - this.capacity) + 1;
  }

  /** The item with sequence number `seq`, or `undefined` if it dropped out (or never existed). */
  at(seq: number): T | undefined {
    if (seq < this.oldestSeq || seq > this.#total) return undefined;
    return this.#items[(seq - 1) % this.capacity];
  }

  /** Puts `item` in place of the one with sequence number `seq` (nothing when it dropped out). */
  replace(seq: number, item: T): void {
    if (seq < this.oldestSeq || seq > this.#total) return;
    this.#items[(seq - 1) % this.capacity] = item;
  }

  /** Forgets every item; sequence numbers keep counting. */
  clear(): void {
    this.#items.fill(undefined);
    this.#cleared = this.#total;
  }
}
