/**
 * `fault` in stock Caddy: aborts are `respond`s — one for `x-gateway-fault-abort` (when the route
 * honours fault headers; the client's status wins, as in gateway), one for the configured
 * percent, drawn from the request UUID (roll.ts). Caddy has no handler that waits or throttles,
 * so delays and bandwidth limits are findings.
 */
import type { ResolvedFault } from '../../config/resolved.js';
import type { RouteNeeds } from '../analysis.js';
import { delayLength, leftOut } from '../shared/text.js';
import type { FindingList } from '../types.js';
import { routeKey } from './matchers.js';
import { rollBelow, rollThreshold, ROLL_RANGE } from './roll.js';
import { caddyJson, dq } from './text.js';

/** The abort lines of a route's fault, with a comment at each part left out. */
export function faultLines(
  needs: RouteNeeds,
  fault: ResolvedFault,
  findings: FindingList,
  matchers: string[],
): string[] {
  const key = routeKey(needs);
  const at = `${needs.at}.fault`;
  const out: string[] = [];
  if (fault.delay) {
    const { percent } = fault.delay;
    const length = delayLength(fault.delay);
    out.push(
      leftOut(
        findings.unsupported(
          `${at}.delay`,
          `fault delay (${length} on ${percent}% of requests): stock Caddy has no handler that waits — requests go through at once; inject latency with \`gateway dev\` (or a delay in the upstream)`,
        ),
        '',
      ),
    );
  }
  if (fault.bandwidth !== undefined)
    out.push(
      leftOut(
        findings.unsupported(
          `${at}.bandwidth`,
          `fault bandwidth (${fault.bandwidth} bytes/s): stock Caddy cannot slow an answer down — answers go at full speed`,
        ),
        '',
      ),
    );
  const abort = fault.abort;
  const grpc =
    abort?.grpcStatus === undefined
      ? []
      : [`header grpc-status ${abort.grpcStatus}`, 'header grpc-message "fault injected by the gateway"'];
  if (fault.headers) {
    out.push(
      leftOut(
        findings.approximate(
          `${at}.headers`,
          'x-gateway-fault-abort is honoured; x-gateway-fault-delay and x-gateway-fault-bandwidth are ignored (stock Caddy cannot wait or throttle)',
        ),
        '',
      ),
    );
    matchers.push(
      `@${key}_fault_asked header_regexp fault_${key} x-gateway-fault-abort "^\\s*([2-5][0-9][0-9])\\s*$"`,
    );
    out.push(
      `header @${key}_fault_asked Content-Type application/problem+json`,
      `respond @${key}_fault_asked ${injected(needs, `{re.fault_${key}.1}`, 'request header')} {re.fault_${key}.1}`,
    );
  }
  if (abort && abort.percent > 0) {
    const threshold = rollThreshold(abort.percent / 100);
    const matcher = threshold >= ROLL_RANGE ? '' : `@${key}_fault_drawn `;
    if (matcher) matchers.push(`@${key}_fault_drawn ${rollBelow('fault', threshold)}`);
    out.push(
      `# abort ${abort.status} on ${abort.percent}% of requests (a draw from the request UUID)`,
      ...grpc.map((l) => l.replace(/^header /, `header ${matcher}`)),
      `header ${matcher}Content-Type application/problem+json`,
      `respond ${matcher}${injected(needs, String(abort.status), 'config')} ${abort.status}`,
    );
  }
  return out;
}

// gateway's problem document for an injected abort; `status` may be a placeholder.
function injected(needs: RouteNeeds, status: string, source: 'config' | 'request header'): string {
  const name = needs.route.name;
  const detail = `fault injected on route "${name}" (${source}): abort ${status} — this answer is deliberate, not an upstream failure`;
  const body = `{"type":"urn:gateway:fault-injected","title":"Fault injected","status":${status},"detail":${caddyJson(JSON.stringify(detail))},"injected":true,"route":${JSON.stringify(name)},"source":"${source === 'config' ? 'config' : 'headers'}"}`;
  // Braces of the JSON are escaped; the status placeholder, when there is one, is kept.
  return dq(body.replace(/[{}]/g, (b) => `\\${b}`).replace(/\\\{(re\.fault_\w+\.1)\\\}/g, '{$1}'));
}
