/**
 * `fault` in nginx. An abort is a `return` of gateway's problem document (`"injected": true`):
 * drawn per request by `split_clients` on `$request_id` for the configured percent, or asked for
 * with `x-gateway-fault-abort` (a `map`, then one `if` per status nginx can answer with here).
 * A bandwidth limit is `limit_rate`. A delay cannot be expressed: the stock modules have nothing
 * that holds a request for a while, so a delay is a finding and the route answers at once.
 */
import type { ResolvedFault } from '../../config/resolved.js';
import { faultProblem } from '../../pipeline/fault/problem.js';
import { FAULT_ABORT_HEADER } from '../../pipeline/fault/request-headers.js';
import type { RouteNeeds } from '../analysis.js';
import { delayLength, leftOut } from '../shared/text.js';
import type { FindingList } from '../types.js';
import { routeKey } from './dispatch.js';
import { headerVariable, quote } from './text.js';

/** The statuses a client may ask for with `x-gateway-fault-abort` in the exported config. */
export const ASKABLE_STATUSES: readonly number[] = [400, 401, 403, 404, 408, 429, 500, 502, 503, 504];

/** The location lines (http-level ones go to `httpLines`) for the route's faults. */
export function faultLines(
  needs: RouteNeeds,
  fault: ResolvedFault,
  findings: FindingList,
  httpLines: string[],
): string[] {
  const key = routeKey(needs);
  const at = `${needs.at}.fault`;
  const out: string[] = [];
  // nginx reads the text of a 3xx `return` as its Location: those aborts answer without a body.
  const answer = (status: number, source: string) =>
    [301, 302, 303, 307, 308].includes(status)
      ? `return ${status};`
      : `return ${status} ${quote(
          JSON.stringify(faultProblem(needs.route.name, status, source === 'config' ? 'config' : 'headers')),
        )};`;
  if (fault.delay) {
    const { percent } = fault.delay;
    const length = delayLength(fault.delay);
    out.push(
      leftOut(
        findings.unsupported(
          `${at}.delay`,
          `delay ${length} (${percent}%): nginx's stock modules cannot hold a request for a while — this route answers without it; keep gateway (or a delay proxy such as toxiproxy) in front for latency tests`,
        ),
        '  ',
      ),
    );
  }
  const beforeAuth = needs.auth?.providers.some((p) => p.type === 'basic' || p.type === 'forward');
  if (fault.headers) {
    const statuses = [...new Set([...ASKABLE_STATUSES, ...(fault.abort ? [fault.abort.status] : [])])].sort(
      (a, b) => a - b,
    );
    out.push(
      leftOut(
        findings.approximate(
          `${at}.headers`,
          `${FAULT_ABORT_HEADER} is honoured for ${statuses.join(', ')} only (nginx's return takes a fixed status); x-gateway-fault-delay and x-gateway-fault-bandwidth are ignored${beforeAuth ? '; the abort answers before auth_basic/auth_request run' : ''}`,
        ),
        '  ',
      ),
    );
    const alternatives = statuses.join('|');
    httpLines.push(
      `map ${headerVariable(FAULT_ABORT_HEADER)} $gw_${key}_fault_asked { "~^\\s*(${alternatives})\\s*$" $1; default ""; }`,
    );
    // What the client asks for wins over the draw, as in gateway.
    for (const status of statuses)
      out.push(`  if ($gw_${key}_fault_asked = ${status}) { ${answer(status, 'request header')} }`);
  }
  if (fault.abort) {
    const { status, percent, grpcStatus } = fault.abort;
    if (grpcStatus !== undefined)
      out.push(
        leftOut(
          findings.approximate(
            `${at}.abort`,
            `grpcStatus ${grpcStatus}: the abort answers HTTP ${status} without grpc-status`,
          ),
          '  ',
        ),
      );
    if (percent >= 100) out.push(`  ${answer(status, 'config')}`);
    else if (percent > 0) {
      httpLines.push(
        `split_clients "\${request_id}abort" $gw_${key}_abort { ${share(percent)} ${status}; * ""; }`,
      );
      out.push(`  if ($gw_${key}_abort) { ${answer(status, 'config')} }`);
    }
    if (beforeAuth && !fault.headers)
      out.push(
        leftOut(
          findings.approximate(`${at}.abort`, 'the abort answers before auth_basic/auth_request run'),
          '  ',
        ),
      );
  }
  if (fault.bandwidth !== undefined) out.push(`  limit_rate ${Math.max(1, Math.round(fault.bandwidth))};`);
  return out;
}

/** `12.5%` for split_clients (two decimals at most). */
export function share(percent: number): string {
  return `${Number(percent.toFixed(2))}%`;
}
