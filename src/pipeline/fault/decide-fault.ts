/**
 * The fault stage: which of a route's faults fire for this request. Every configured fault draws
 * once from `random()` (in a fixed order: delay, delay length, abort), so a seeded source replays
 * the same faults for the same sequence of requests, and `explain`'s pinned 0.5 always shows the
 * same answer. Header-asked faults fire without a draw.
 */
import type { ResolvedFault } from '../../config/resolved.js';
import type { Headers } from '../types.js';
import { headersAllowed, readFaultHeaders } from './request-headers.js';

/** What the fault stage decided; on the Decision as `fault`. */
export interface FaultOutcome {
  /** Some fault fires for this request (the log, the UI and the problem document say so). */
  readonly injected: boolean;
  /** Where the policy came from: the route's (or `defaults`') `fault`, request headers, or the UI's chaos mode. */
  readonly source: 'config' | 'headers' | 'chaos';
  /** Milliseconds the proxy waits before handling the request. */
  readonly delayMs?: number;
  /** The status answered instead of handling the request. */
  readonly abort?: { readonly status: number; readonly grpcStatus?: number };
  /** Bytes per second the answer is sent at. */
  readonly bandwidth?: number;
  /** `abort 503 (10%, drew 0.04)`, `delay 500ms not drawn (10%, drew 0.50)`. */
  readonly reasons: readonly string[];
}

/** Decides the faults of one request; `undefined` when the route has none to consider. */
export function decideFault(
  policy: ResolvedFault | undefined,
  chaos: ResolvedFault | undefined,
  headers: Headers,
  random: () => number,
): FaultOutcome | undefined {
  const asked = headersAllowed(policy) ? readFaultHeaders(headers) : undefined;
  const active = chaos ?? policy;
  if (active === undefined) return undefined;
  const reasons: string[] = [];
  let delayMs: number | undefined;
  let abort: FaultOutcome['abort'];
  let bandwidth = active.bandwidth;

  if (active.delay !== undefined) {
    const { min, max, percent } = active.delay;
    const draw = random();
    const length = min === max ? min : Math.round(min + random() * (max - min));
    if (fires(draw, percent)) delayMs = length;
    reasons.push(
      `delay ${length}ms ${fires(draw, percent) ? 'drawn' : 'not drawn'} (${share(percent, draw)})`,
    );
  }
  if (active.abort !== undefined) {
    const { status, percent, grpcStatus } = active.abort;
    const draw = random();
    if (fires(draw, percent)) abort = { status, ...(grpcStatus === undefined ? {} : { grpcStatus }) };
    reasons.push(`abort ${status} ${fires(draw, percent) ? 'drawn' : 'not drawn'} (${share(percent, draw)})`);
  }
  if (bandwidth !== undefined) reasons.push(`bandwidth ${formatBandwidth(bandwidth)}`);

  let source: FaultOutcome['source'] = chaos === undefined ? 'config' : 'chaos';
  if (asked !== undefined) {
    // What the client asked for wins over the draw: it is what the developer is testing right now.
    if (asked.delayMs !== undefined) delayMs = asked.delayMs;
    if (asked.abort !== undefined) abort = { status: asked.abort };
    if (asked.bandwidth !== undefined) bandwidth = asked.bandwidth;
    for (const [name, value] of [
      ['delay', asked.delayMs === undefined ? undefined : `${asked.delayMs}ms`],
      ['abort', asked.abort],
      ['bandwidth', asked.bandwidth === undefined ? undefined : formatBandwidth(asked.bandwidth)],
    ] as const)
      if (value !== undefined) reasons.push(`${name} ${value} asked by x-gateway-fault-${name}`);
    reasons.push(...asked.ignored);
    if (asked.delayMs !== undefined || asked.abort !== undefined || asked.bandwidth !== undefined)
      source = 'headers';
  }
  const injected = delayMs !== undefined || abort !== undefined || bandwidth !== undefined;
  return {
    injected,
    source,
    ...(delayMs === undefined ? {} : { delayMs }),
    ...(abort === undefined ? {} : { abort }),
    ...(bandwidth === undefined ? {} : { bandwidth }),
    reasons,
  };
}

/** A fault of `percent`% fires when the draw in [0, 1) falls under it. */
function fires(draw: number, percent: number): boolean {
  return draw * 100 < percent;
}

function share(percent: number, draw: number): string {
  return `${percent}%, drew ${draw.toFixed(2)}`;
}

/** 8000 bytes per second → `64kbps`. */
export function formatBandwidth(bytesPerSecond: number): string {
  const bits = bytesPerSecond * 8;
  if (bits >= 1e6 && bits % 1e5 === 0) return `${bits / 1e6}mbps`;
  if (bits >= 1e3 && bits % 100 === 0) return `${bits / 1e3}kbps`;
  return `${bits}bps`;
}

/** One line for the trace: what fired, or that nothing did. */
export function faultSummary(outcome: FaultOutcome): string {
  const what = [
    outcome.abort && `abort ${outcome.abort.status}`,
    outcome.delayMs !== undefined && `delay ${outcome.delayMs}ms`,
    outcome.bandwidth !== undefined && `bandwidth ${formatBandwidth(outcome.bandwidth)}`,
  ].filter(Boolean);
  const from =
    outcome.source === 'config' ? '' : ` (${outcome.source === 'chaos' ? 'chaos mode' : 'request headers'})`;
  return what.length === 0 ? `no fault this time${from}` : `injected ${what.join(', ')}${from}`;
}
