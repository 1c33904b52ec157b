/**
 * Route features Gateway API has no standard form for — rate limits, fault injection, mocks —
 * as precise findings: what is lost, and what the implementations offer instead (Envoy Gateway's
 * BackendTrafficPolicy and HTTPRouteFilter, Istio's VirtualService, Kong's and Traefik's
 * plugins). Implementation-specific objects are not emitted: the export stays portable.
 */
import type {
  ResolvedFault,
  ResolvedMock,
  ResolvedMockAnswer,
  ResolvedRateLimit,
} from '../../config/resolved.js';
import type { RouteNeeds } from '../analysis.js';
import { seconds } from '../shared/text.js';
import type { FindingList } from '../types.js';

// Mock placeholders (docs/mocks.md): filled from the request, so the answer is not fixed.
const TEMPLATE = /\{(params\.|query\.|headers\.|method\}|path\})/;

/** Findings for the route's rate limit and faults (the route is still exported, without them). */
export function reportPolicies(needs: RouteNeeds, findings: FindingList): void {
  const { rateLimit, fault } = needs.route;
  if (rateLimit)
    findings.unsupported(
      `${needs.at}.rateLimit`,
      `rate limit (${describeLimit(rateLimit)}): Gateway API has no rate-limit field — the exported route is not limited and sends no RateLimit headers; use Envoy Gateway's BackendTrafficPolicy rateLimit, Kong's rate-limiting plugin or Traefik's RateLimit middleware (an ExtensionRef filter)`,
    );
  if (fault)
    findings.unsupported(
      `${needs.at}.fault`,
      `fault injection (${describeFault(fault)}): Gateway API has none — the exported route forwards every request untouched; Envoy Gateway's BackendTrafficPolicy faultInjection or Istio's VirtualService fault inject fixed delays and aborts by percentage`,
    );
}

/** The finding for a mock route, which is left out. */
export function reportMock(needs: RouteNeeds, mock: ResolvedMock, findings: FindingList): void {
  const what =
    mock.kind === 'openapi'
      ? `an OpenAPI mock (${mock.file.split('/').pop()})`
      : `a mock (${describeAnswers(mock)})`;
  const fixed =
    mock.kind === 'answers' &&
    mock.answers.length === 1 &&
    mock.answers[0]!.file === undefined &&
    !TEMPLATE.test(answerText(mock.answers[0]!));
  const instead = fixed
    ? ", or Envoy Gateway's HTTPRouteFilter directResponse (an ExtensionRef filter) for this fixed answer"
    : '';
  findings.unsupported(
    `${needs.at}.mock`,
    `${what}: HTTPRoute has no direct response — the route is left out; serve it from a backend Service (gateway itself can run the mock)${instead}`,
  );
}

function answerText(answer: ResolvedMockAnswer): string {
  return `${JSON.stringify(answer.json ?? '')}${answer.body ?? ''}${Object.values(answer.headers).join('')}${answer.file ?? ''}`;
}

function describeLimit(limit: ResolvedRateLimit): string {
  const key =
    limit.key.kind === 'ip'
      ? 'client address'
      : limit.key.kind === 'header'
        ? `"${limit.key.name}" header`
        : limit.key.kind === 'apiKey'
          ? 'API key'
          : 'caller identity';
  return `${limit.requests} per ${seconds(limit.per)}, burst ${limit.burst}, a bucket per ${key}`;
}

function describeFault(fault: ResolvedFault): string {
  const parts: string[] = [];
  const { delay, abort } = fault;
  if (delay)
    parts.push(
      `delay ${delay.min === delay.max ? seconds(delay.min) : `${seconds(delay.min)}–${seconds(delay.max)}`} for ${delay.percent}%`,
    );
  if (abort) parts.push(`abort ${abort.status} for ${abort.percent}%`);
  if (fault.bandwidth !== undefined) parts.push(`${fault.bandwidth} bytes/s`);
  if (fault.headers) parts.push('x-gateway-fault-* request headers');
  return parts.join(', ');
}

function describeAnswers(mock: Extract<ResolvedMock, { kind: 'answers' }>): string {
  const statuses = mock.answers.map((a) => a.status).join(', ');
  if (mock.answers.length === 1) return `status ${statuses}`;
  return `${mock.answers.length} answers in turn: ${statuses}${mock.loop ? ', looping' : ''}`;
}
