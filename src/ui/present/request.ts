/**
 * One request row: the cells of the list (time, method, path, route, target with the balancer's
 * reason, auth, status, duration) and the tone of each, from the `request-finished` event and its
 * Decision. Pure: the component only lays the segments out.
 */
import { formatDuration, redactUrl } from '../../log/index.js';
import type { RouteTable } from '../../pipeline/table.js';
import type { FinishedRequest } from '../store/store.js';
import type { Column, PlacedColumn } from './columns.js';
import { clockTime, fit, type Segment, type Tone } from './text.js';

export type RequestColumnKey =
  | 'time'
  | 'method'
  | 'path'
  | 'route'
  | 'target'
  | 'auth'
  | 'status'
  | 'duration';

/** The list's columns; at 80 columns the time and auth columns are dropped first. */
export const REQUEST_COLUMNS: readonly Column<RequestColumnKey>[] = [
  { key: 'time', title: 'TIME', width: 12, priority: 8 },
  { key: 'method', title: 'METHOD', width: 6, priority: 3 },
  { key: 'path', title: 'PATH', width: 14, priority: 1, flex: 1 },
  { key: 'route', title: '→ ROUTE', width: 16, priority: 4 },
  { key: 'target', title: '→ TARGET', width: 22, priority: 5, flex: 2 },
  { key: 'auth', title: 'AUTH', width: 8, priority: 7 },
  { key: 'status', title: 'HTTP', width: 4, priority: 2 },
  { key: 'duration', title: 'TOOK', width: 6, priority: 2, align: 'right' },
];

/** Status colour: 5xx and no answer are errors, 4xx warnings, the rest fine. */
export function statusTone(status: number): Tone {
  if (status === 0 || status >= 500) return 'error';
  if (status >= 400) return 'warn';
  return 'ok';
}

/** `---` when nothing could be sent. */
export function statusText(status: number): string {
  return status === 0 ? '---' : String(status);
}

/** Where the request went: a target with the balancer's reason, `gateway`, or `—`. */
export function targetCell(request: FinishedRequest): Segment {
  const decision = request.decision;
  if (decision === undefined || decision.action === 'reject') return { text: '—', tone: 'dim' };
  if (decision.action === 'respond') return { text: 'gateway', tone: 'dim' };
  const picked = decision.target;
  const answered = request.target ?? picked?.id;
  if (answered === undefined) return { text: '—', tone: 'dim' };
  if (picked !== undefined && answered !== picked.id) {
    const retries = request.retries ?? 1;
    return { text: `${answered} (after ${retries} ${retries === 1 ? 'retry' : 'retries'})`, tone: 'warn' };
  }
  // A traffic split: which side, and why, before the balancer's reason within that side.
  const split = decision.split ? `${decision.split.upstream} (${decision.split.reason}) ` : '';
  return { text: picked?.reason ? `${answered} ${split}${picked.reason}` : `${answered} ${split}`.trimEnd() };
}

/** The auth outcome: `public`, `✔ jwt`, `✘ jwt`. */
export function authCell(request: FinishedRequest): Segment {
  const auth = request.decision?.auth;
  if (auth === undefined) return { text: '—', tone: 'dim' };
  if (auth.result === 'public') return { text: 'public', tone: 'dim' };
  const provider = auth.provider ?? auth.providers.join('|');
  return auth.result === 'allow'
    ? { text: `✔ ${provider}`, tone: 'ok' }
    : { text: `✘ ${provider}`, tone: 'error' };
}

/** The route name, `(no route)`, or `—` when the request failed before the pipeline decided. */
export function routeCell(request: FinishedRequest): Segment {
  const decision = request.decision;
  if (decision === undefined) return { text: '—', tone: 'dim' };
  if (decision.route === undefined) return { text: '(no route)', tone: 'warn' };
  return { text: decision.route.name, tone: 'accent' };
}

/** Every cell of a row, fitted to the placed columns (the path has credentials redacted). */
export function requestSegments(
  request: FinishedRequest,
  columns: readonly PlacedColumn<RequestColumnKey>[],
  table: RouteTable | undefined,
): Segment[] {
  const segments: Segment[] = [];
  for (const column of columns) {
    if (segments.length > 0) segments.push({ text: ' ' });
    const cell = cellOf(request, column.key, table);
    const arrow = column.key === 'route' || column.key === 'target' ? '→ ' : '';
    segments.push({ text: fit(arrow + cell.text, column.size, column.align), tone: cell.tone });
  }
  return segments;
}

/** The heading line's text for the placed columns. */
export function headingText(columns: readonly PlacedColumn[]): string {
  return columns.map((c) => fit(c.title, c.size, c.align)).join(' ');
}

function cellOf(request: FinishedRequest, key: RequestColumnKey, table: RouteTable | undefined): Segment {
  switch (key) {
    case 'time':
      return { text: clockTime(request.at), tone: 'dim' };
    case 'method':
      return { text: request.method };
    case 'path':
      return { text: redactUrl(request.url, table) };
    case 'route':
      return routeCell(request);
    case 'target':
      return targetCell(request);
    case 'auth':
      return authCell(request);
    case 'status':
      // ↯: the gateway injected a fault here on purpose (config, request header or chaos mode).
      return {
        text: `${statusText(request.status)}${request.decision?.fault?.injected ? '↯' : ''}`,
        tone: statusTone(request.status),
      };
    case 'duration':
      return { text: formatDuration(request.durationMs), tone: 'dim' };
  }
}
