/**
 * The Prometheus text exposition format (version 0.0.4): `# HELP`, `# TYPE`, then one line per
 * sample, `name{label="value"} 1`. Help text escapes `\` and newline; label values also escape `"`.
 * https://prometheus.io/docs/instrumenting/exposition_formats/
 */

/** The content type scrapers expect for this format (the endpoint is decided in the pipeline). */
export { EXPOSITION_CONTENT_TYPE } from '../pipeline/metrics-endpoint.js';

export type MetricType = 'counter' | 'gauge' | 'histogram';

/** One sample line: `name{labels} value` (`name` already carries `_bucket`, `_sum`, `_count`). */
export interface Sample {
  readonly name: string;
  readonly labels: readonly (readonly [string, string])[];
  readonly value: number;
}

/** A metric family: its help, its type and its samples. */
export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly samples: readonly Sample[];
}

/** Renders families as exposition text (families without samples still get HELP and TYPE). */
export function writeExposition(families: readonly MetricFamily[]): string {
  let out = '';
  for (const family of families) {
    out += `# HELP ${family.name} ${escapeHelp(family.help)}\n# TYPE ${family.name} ${family.type}\n`;
    for (const sample of family.samples) out += `${sampleLine(sample)}\n`;
  }
  return out;
}

/** `name{a="1",b="x"} 2`. */
export function sampleLine(sample: Sample): string {
  const labels =
    sample.labels.length === 0
      ? ''
      : `{${sample.labels.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',')}}`;
  return `${sample.name}${labels} ${formatValue(sample.value)}`;
}

/** Go's float formatting for the special values; plain JavaScript numbers otherwise. */
export function formatValue(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  if (Number.isNaN(value)) return 'NaN';
  return String(value);
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function escapeLabelValue(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
