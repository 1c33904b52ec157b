/**
 * The trace view: `formatDecision` of the request's Decision — exactly what `gateway explain`
 * prints — followed by what happened when it ran (status, duration, the target that answered).
 */
import type { Colors } from '../../format/color.js';
import { formatDecision } from '../../format/decision.js';
import { formatDuration } from '../../log/index.js';
import { DETAILED, type FinishedRequest } from '../store/store.js';

const LABEL_WIDTH = 10;

/** The trace's lines (with colour codes when `c` colours). */
export function traceLines(request: FinishedRequest, c: Colors): string[] {
  const row = (label: string, text: string) => `${c.bold(label.padEnd(LABEL_WIDTH))} ${text}`;
  const lines = request.trimmed
    ? [
        row('request', `${request.method} ${request.url}`),
        row(
          'decision',
          c.dim(
            `route ${request.decision?.route?.name ?? '(none)'}; its trace is kept for the last ${DETAILED} requests only — explain it with \`gateway explain ${request.method} ${request.url}\``,
          ),
        ),
      ]
    : request.decision === undefined
      ? [
          row('request', `${request.method} ${request.url}`),
          row('decision', c.dim('none: the request failed before the pipeline decided')),
        ]
      : // The trace-id of every request, also of traces it started: it finds the spans (`--otlp`).
        formatDecision(request.decision, c, { newTrace: true });
  const status = request.status === 0 ? c.yellow('no answer') : String(request.status);
  const from = request.target ? ` from ${request.target}` : '';
  const retries = request.retries
    ? c.yellow(` after ${request.retries} ${request.retries === 1 ? 'retry' : 'retries'}`)
    : '';
  lines.push(
    row('answer', `${status} in ${formatDuration(request.durationMs)}, ${request.bytes} B${from}${retries}`),
  );
  if (request.error) lines.push(row('error', c.red(request.error)));
  return lines;
}
