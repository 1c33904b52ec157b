/**
 * `--log pretty`: one aligned line per request, and a line for each reload and health change.
 *
 *   12:04:31.120  GET    /users/1                 → users        → 127.0.0.1:4101   200    3.1ms
 *   12:04:35.002  reload gateway.config.ts — reloaded (6 routes, 41ms): ~ route "users"
 */
import { relative } from 'node:path';
import type { ConfigIssue } from '../config/issues.js';
import type { GatewayEvents } from '../events.js';
import type { Colors } from '../format/color.js';
import type { RouteTable } from '../pipeline/table.js';
import { faultSummary } from '../pipeline/fault/index.js';
import { summarizeDiff } from '../reload/diff.js';
import { redactUrl } from './summary.js';

/** One request line. */
export function formatRequestLine(
  event: GatewayEvents['request-finished'],
  table: RouteTable | undefined,
  c: Colors,
): string {
  const decision = event.decision;
  const route = decision?.route?.name ?? (decision ? '(no route)' : '—');
  const target =
    decision === undefined || decision.action === 'reject'
      ? '—'
      : decision.action === 'respond'
        ? 'gateway'
        : (event.target ?? decision.target?.id ?? '—');
  const status = event.status === 0 ? c.yellow('---') : colorStatus(event.status, c);
  const retries = event.retries
    ? c.yellow(` (${event.retries} ${event.retries === 1 ? 'retry' : 'retries'})`)
    : '';
  const why = event.error ?? (decision?.action === 'reject' ? decision.problem?.detail : undefined);
  // Injected faults say so on the line, so nobody debugs a failure they asked for.
  const injected = decision?.fault?.injected ? c.magenta(` ↯ injected ${injectedWhat(decision.fault)}`) : '';
  return (
    [
      c.dim(clock(event.at)),
      pad(event.method, 6),
      pad(truncate(redactUrl(event.url, table), 32), 32),
      `→ ${pad(route, 16)}`,
      `→ ${pad(target, 16)}`,
      status,
      formatDuration(event.durationMs).padStart(8),
    ].join(' ') +
    retries +
    injected +
    (why ? c.dim(`  ${why}`) : '')
  );
}

function injectedWhat(
  fault: NonNullable<GatewayEvents['request-finished']['decision']>['fault'] & {},
): string {
  return faultSummary(fault).replace(/^injected /, '');
}

/** A successful reload. */
export function formatReloadLine(event: GatewayEvents['reload-succeeded'], cwd: string, c: Colors): string {
  const routes = `${event.routes} route${event.routes === 1 ? '' : 's'}`;
  const requests = event.requests ? `; ${changedRequests(event.requests)}` : '';
  return `${c.dim(clock(Date.now()))} ${c.cyan('reload')} ${show(event.file, cwd)} changed — ${c.green('reloaded')} (${routes}, ${formatDuration(event.durationMs)}): ${summarizeDiff(event.diff)}${requests}`;
}

/** `2 of 40 known requests decide differently`. */
export function changedRequests(requests: { readonly changed: number; readonly known: number }): string {
  return requests.changed === 0
    ? `all ${requests.known} known requests decide the same`
    : `${requests.changed} of ${requests.known} known requests decide differently`;
}

/** A failed reload, with one line per issue (`file:line:col  key.path  message`). */
export function formatReloadFailure(event: GatewayEvents['reload-failed'], cwd: string, c: Colors): string {
  const head = `${c.dim(clock(Date.now()))} ${c.cyan('reload')} ${show(event.file, cwd)} changed — ${c.red(reloadRefusal(event))}, still serving the previous routes:`;
  return [head, ...event.issues.map((issue) => `    ${formatIssue(issue, cwd, c)}`)].join('\n');
}

/** A target's health changed. */
export function formatHealthLine(event: GatewayEvents['target-health'], c: Colors): string {
  const state = event.healthy ? c.green('healthy') : c.red('unhealthy');
  return `${c.dim(clock(Date.now()))} ${c.magenta('health')} ${event.upstream} ${event.target} ${state}: ${event.reason}`;
}

export function formatIssue(issue: ConfigIssue, cwd: string, c: Colors): string {
  const where = issue.file
    ? `${show(issue.file, cwd)}${issue.line ? `:${issue.line}:${issue.column ?? 1}` : ''}`
    : '';
  return [where && c.dim(where), issue.path && c.bold(issue.path), issue.message].filter(Boolean).join('  ');
}

function colorStatus(status: number, c: Colors): string {
  const text = String(status);
  if (status >= 500) return c.red(text);
  if (status >= 400) return c.yellow(text);
  return c.green(text);
}

/**
 * `HH:MM:SS.mmm` in local time. The `HH:MM:SS.` of the current second is kept: under load every
 * line of a second shares it, and a Date asked for local hours consults the time zone each time.
 */
function clock(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== clockSecond) {
    const d = new Date(second * 1000);
    clockSecond = second;
    clockPrefix = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.`;
  }
  const milli = Math.floor(ms - second * 1000);
  return clockPrefix + (milli < 10 ? '00' : milli < 100 ? '0' : '') + milli;
}

let clockSecond = Number.NaN;
let clockPrefix = '';

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `0.8ms`, `12ms`, `1.42s`. */
export function formatDuration(ms: number): string {
  if (ms < 10) return `${ms.toFixed(1)}ms`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return `${(ms / 1000).toFixed(2)}s`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function show(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') ? file : rel;
}

/** `not loaded`, or `2 route tests failed` when the test gate refused the new table. */
export function reloadRefusal(event: GatewayEvents['reload-failed']): string {
  const n = event.failedTests;
  return n === undefined ? 'not loaded' : `${n} route test${n === 1 ? '' : 's'} failed`;
}
