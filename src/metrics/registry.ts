/**
 * Counters and histograms keyed by label values. A series is found with one map lookup on the
 * joined label values, so recording a request costs a few lookups and additions.
 */
import type { MetricFamily, Sample } from './exposition.js';

/** Prometheus's default buckets (seconds), the ones its client libraries use. */
export const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

const SEPARATOR = '\u0000';

/** A monotonically increasing count per label combination. */
export class Counter {
  readonly #series = new Map<string, { readonly values: readonly string[]; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {}

  /** Adds `by` (default 1) to the series with these label values (in `labelNames` order). */
  inc(values: readonly string[], by = 1): void {
    const key = values.join(SEPARATOR);
    const series = this.#series.get(key);
    if (series === undefined) this.#series.set(key, { values, value: by });
    else series.value += by;
  }

  family(): MetricFamily {
    const samples: Sample[] = [];
    for (const { values, value } of this.#series.values())
      samples.push({ name: this.name, labels: zip(this.labelNames, values), value });
    return { name: this.name, help: this.help, type: 'counter', samples };
  }
}

/** Observations counted into cumulative buckets, with their sum and count. */
export class Histogram {
  readonly #series = new Map<
    string,
    { readonly values: readonly string[]; counts: number[]; sum: number; count: number }
  >();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    readonly buckets: readonly number[] = DEFAULT_BUCKETS,
  ) {}

  observe(values: readonly string[], value: number): void {
    const key = values.join(SEPARATOR);
    let series = this.#series.get(key);
    if (series === undefined) {
      series = { values, counts: new Array<number>(this.buckets.length).fill(0), sum: 0, count: 0 };
      this.#series.set(key, series);
    }
    // Stored per bucket; made cumulative when written.
    const index = this.buckets.findIndex((upper) => value <= upper);
    if (index !== -1) series.counts[index]!++;
    series.sum += value;
    series.count++;
  }

  family(): MetricFamily {
    const samples: Sample[] = [];
    for (const { values, counts, sum, count } of this.#series.values()) {
      const labels = zip(this.labelNames, values);
      let cumulative = 0;
      this.buckets.forEach((upper, i) => {
        cumulative += counts[i]!;
        samples.push({
          name: `${this.name}_bucket`,
          labels: [...labels, ['le', String(upper)]],
          value: cumulative,
        });
      });
      samples.push({ name: `${this.name}_bucket`, labels: [...labels, ['le', '+Inf']], value: count });
      samples.push({ name: `${this.name}_sum`, labels, value: sum });
      samples.push({ name: `${this.name}_count`, labels, value: count });
    }
    return { name: this.name, help: this.help, type: 'histogram', samples };
  }
}

function zip(names: readonly string[], values: readonly string[]): [string, string][] {
  return names.map((name, i) => [name, values[i] ?? '']);
}
