/**
 * Human rendering of a Decision: what `explain` prints and the UI's trace view shows.
 * One formatter over the same data `--json` prints.
 */
import { describeResponseEdits } from '../pipeline/response-headers.js';
import type { Decision } from '../pipeline/types.js';
import type { Colors } from './color.js';
import { formatRouteChecks, type MatchDetails } from './route-checks.js';

const LABEL_WIDTH = 10;

export interface FormatDecisionOptions {
  /**
   * List every route of the match step. Otherwise only the routes that got past their path
   * condition (or the closest few on a miss) are listed, and the rest is summed up in one line.
   * @default false
   */
  readonly allRoutes?: boolean;
  /**
   * Show the `trace` row for a trace the gateway started (no `traceparent` came). Otherwise the row
   * appears only when the request brought one (continued, or refused and restarted).
   * @default false
   */
  readonly newTrace?: boolean;
}

/** Renders a decision as aligned lines, in pipeline order. */
export function formatDecision(decision: Decision, c: Colors, options: FormatDecisionOptions = {}): string[] {
  const lines: string[] = [];
  const row = (label: string, text: string) => lines.push(`${c.bold(label.padEnd(LABEL_WIDTH))} ${text}`);
  const { request } = decision;
  const query = request.query ? `?${request.query}` : '';
  row(
    'request',
    `${request.method} ${request.path}${query}${request.host ? c.dim(`  host ${request.host}`) : ''}`,
  );
  for (const step of decision.trace) {
    if (step.stage === 'normalize' && step.ok && step.summary.includes('→')) row('normalize', step.summary);
    if (step.stage === 'normalize' && !step.ok) row('normalize', c.red(`rejected: ${step.summary}`));
    if (step.stage === 'match') {
      const details = (step.details ?? {}) as MatchDetails;
      const checks = details.checks ?? [];
      if (checks.length > 0) {
        row('routes', c.dim(`${checks.length} considered, in evaluation order`));
        lines.push(
          ...formatRouteChecks(details, decision, c, {
            all: options.allRoutes === true,
            indent: ' '.repeat(LABEL_WIDTH + 1),
          }),
        );
      }
      row('match', step.ok ? c.green(step.summary) : c.red(step.summary));
      const fromDefaults = (step.details as { fromDefaults?: FromDefaults } | undefined)?.fromDefaults;
      if (fromDefaults) row('defaults', defaultsText(fromDefaults, c));
      const params = (step.details as { params?: Record<string, string> } | undefined)?.params;
      if (params && Object.keys(params).length > 0) {
        row(
          'params',
          Object.entries(params)
            .map(([k, v]) => `${k}=${v}`)
            .join('  '),
        );
      }
    }
    if (step.stage === 'cors') row('cors', step.ok ? step.summary : c.red(step.summary));
    if (step.stage === 'auth') row('auth', authText(decision, step.summary, c));
    if (step.stage === 'rewrite') {
      row('rewrite', step.summary);
      const details = step.details as { steps?: string[] } | undefined;
      for (const s of details?.steps ?? []) lines.push(`${' '.repeat(LABEL_WIDTH + 1)}${c.dim(`· ${s}`)}`);
      // traceparent has its own row (`trace`), shown for every Decision.
      const edits = Object.entries(decision.headers?.set ?? {}).filter(([k]) => k !== 'traceparent');
      if (edits.length > 0) row('headers', edits.map(([k, v]) => `${k}: ${v}`).join(', '));
    }
    if (step.stage === 'rewrite' && decision.responseEdits)
      row('response', describeResponseEdits(decision.responseEdits));
    if (step.stage === 'respond') row('respond', step.summary);
    if (step.stage === 'redirect') row('redirect', step.summary);
    if (step.stage === 'split') row('split', step.ok ? step.summary : c.red(step.summary));
    if (step.stage === 'mirror') row('mirror', step.ok ? step.summary : c.yellow(step.summary));
    if (step.stage === 'rateLimit') row('ratelimit', step.ok ? step.summary : c.red(step.summary));
    if (step.stage === 'fault') {
      row('fault', decision.fault?.injected ? c.yellow(step.summary) : c.dim(step.summary));
      for (const reason of decision.fault?.reasons ?? [])
        lines.push(`${' '.repeat(LABEL_WIDTH + 1)}${c.dim(`· ${reason}`)}`);
    }
    if (step.stage === 'mock') {
      row('mock', step.ok ? step.summary : c.red(step.summary));
      for (const line of bodyPreview(decision.response?.body ?? ''))
        lines.push(`${' '.repeat(LABEL_WIDTH + 1)}${c.dim(line)}`);
    }
    if (step.stage === 'balance') {
      row('upstream', `${decision.upstream ?? ''}`);
      row('target', step.ok ? step.summary : c.red(step.summary));
      for (const skipped of decision.target?.skipped ?? [])
        lines.push(`${' '.repeat(LABEL_WIDTH + 1)}${c.dim(`skipped ${skipped}`)}`);
    }
    if (step.stage === 'transform') {
      row('transform', step.ok ? step.summary : c.red(step.summary));
      const plan = decision.transform;
      if (plan) {
        const message = plan.kind === 'grpc' ? plan.message : plan.args;
        for (const line of JSON.stringify(message, null, 2).split('\n'))
          lines.push(`${' '.repeat(LABEL_WIDTH + 1)}${line}`);
        if (plan.kind === 'grpc' && plan.responseBody !== undefined)
          row('answers', `field ${plan.responseBody} of the response (response_body)`);
      }
    }
  }
  const traceContext = decision.traceContext;
  if (traceContext && (traceContext.origin !== 'started' || options.newTrace === true))
    row('trace', traceText(traceContext, c));
  row('result', resultText(decision, c));
  const delay = decision.fault?.delayMs;
  if (delay !== undefined && decision.action !== 'reject')
    lines.push(`${' '.repeat(LABEL_WIDTH + 1)}${c.yellow(`after an injected delay of ${delay}ms`)}`);
  return lines;
}

/** The first lines of a made-up body (JSON pretty-printed), so `explain` shows what a mock answers. */
function bodyPreview(body: string, max = 12): string[] {
  if (body === '') return [];
  let text = body;
  try {
    text = JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    // Not JSON: shown as it is.
  }
  const lines = text.split('\n');
  return lines.length <= max ? lines : [...lines.slice(0, max), `… ${lines.length - max} more lines`];
}

/** `4bf9…4736 continued (caller span 00f0…02b7), gateway span 8000…` */
function traceText(trace: NonNullable<Decision['traceContext']>, c: Colors): string {
  const how =
    trace.origin === 'continued'
      ? `continued (caller span ${trace.parentId})`
      : trace.origin === 'started'
        ? 'started (no traceparent came)'
        : c.yellow(`restarted (traceparent refused: ${trace.invalid})`);
  return `${trace.traceId} ${how}, gateway span ${trace.spanId}`;
}

function authText(decision: Decision, summary: string, c: Colors): string {
  const auth = decision.auth;
  if (!auth || auth.result === 'public') return c.dim(summary);
  const claims = auth.identity?.claims
    ? ` ${c.dim(
        Object.entries(auth.identity.claims)
          .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(' ') : String(v)}`)
          .join(' '),
      )}`
    : '';
  return auth.result === 'allow' ? `${c.green(summary)}${claims}` : c.red(summary);
}

function resultText(decision: Decision, c: Colors): string {
  if (decision.action === 'forward') {
    const base = decision.target ? decision.target.url.replace(/\/$/, '') : '';
    // A gRPC call has no URL path: it is a method on the target. SOAP posts to the target's URL.
    const url = decision.transform ? base : `${base}${decision.upstreamPath ?? ''}`;
    const via = decision.transform
      ? decision.transform.kind === 'grpc'
        ? ` (gRPC ${decision.transform.method})`
        : ` (SOAP ${decision.transform.operation})`
      : '';
    return c.green(`forward → ${url}${via}`);
  }
  const location = decision.response?.headers.location;
  if (decision.action === 'respond' && location !== undefined)
    return c.green(`redirect ${decision.status} → ${location}`);
  if (decision.action === 'respond') return c.green(`answered by the gateway: ${decision.status}`);
  const allow = decision.status === 405 ? decision.responseHeaders?.allow : undefined;
  const injected = decision.problem?.injected === true ? ' (injected)' : '';
  return c.red(
    `rejected ${decision.status}${injected}${allow ? ` (Allow: ${allow})` : ''}: ${decision.problem?.detail ?? decision.auth?.reason ?? ''}`,
  );
}

interface FromDefaults {
  readonly route: readonly string[];
  readonly upstream: readonly string[];
  readonly upstreamName?: string;
}

/** `auth, timeout from defaults; upstream "users": retries from defaults.upstream`. */
function defaultsText(from: FromDefaults, c: Colors): string {
  const parts: string[] = [];
  if (from.route.length > 0) parts.push(`${from.route.join(', ')} from defaults`);
  if (from.upstream.length > 0)
    parts.push(`upstream "${from.upstreamName}": ${from.upstream.join(', ')} from defaults.upstream`);
  return c.dim(parts.join('; '));
}
