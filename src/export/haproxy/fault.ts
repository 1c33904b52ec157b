/**
 * `fault` (the route's, else `defaults.fault`): aborts are `http-request return` answers — drawn
 * with `rand()`, or asked for with `x-gateway-fault-abort` (`headers: true`) — with gateway's
 * problem document marked `"injected": true`. `http-request return` takes a fixed status, so an
 * asked-for abort is answered for each registered 4xx/5xx status (one rule each). Delays and
 * bandwidth limits have no stock HAProxy 2.6 action (they need Lua, or 2.7's `bwlim-out`
 * filter): findings, and the export answers without waiting.
 */
import type { ResolvedFault } from '../../config/resolved.js';
import { faultProblem } from '../../pipeline/fault/problem.js';
import type { RouteNeeds } from '../analysis.js';
import { delayLength, leftOut } from '../shared/text.js';
import type { FindingList } from '../types.js';
import { sq } from './text.js';

/** The statuses an `x-gateway-fault-abort` header is answered with (IANA's registered 4xx and 5xx). */
const ASKABLE = [
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422,
  423, 424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
];

/** The fault rules of a route, with comments where something is left out. */
export function faultRules(needs: RouteNeeds, fault: ResolvedFault, findings: FindingList): string[] {
  const at = `${needs.at}.fault`;
  const out: string[] = [];
  if (fault.delay) {
    const { percent } = fault.delay;
    const length = delayLength(fault.delay);
    out.push(
      leftOut(
        findings.unsupported(
          `${at}.delay`,
          `a delay of ${length} for ${percent}% of requests: HAProxy 2.6 has no delay action without Lua (\`core.msleep\` in a Lua action) — the export answers without waiting; keep gateway (or a Lua action) in front to test timeouts`,
        ),
        '  ',
      ),
    );
  }
  if (fault.bandwidth !== undefined)
    out.push(
      leftOut(
        findings.unsupported(
          `${at}.bandwidth`,
          `a bandwidth limit of ${fault.bandwidth} bytes/s: HAProxy 2.6 has none (\`filter bwlim-out\` is 2.7+) — answers are sent at full speed`,
        ),
        '  ',
      ),
    );
  if (fault.headers) {
    out.push(
      leftOut(
        findings.approximate(
          `${at}.headers`,
          `x-gateway-fault-abort is answered for the registered 4xx and 5xx statuses (other values are ignored); x-gateway-fault-delay and x-gateway-fault-bandwidth are ignored (no delay without Lua)`,
        ),
        '  ',
      ),
    );
    for (const status of ASKABLE)
      out.push(
        `  ${abortAnswer(needs, status, 'headers', undefined)} if { req.hdr(x-gateway-fault-abort) -m str ${status} }`,
      );
  }
  const abort = fault.abort;
  if (abort && abort.percent > 0) {
    const draw =
      abort.percent >= 100
        ? ''
        : Number.isInteger(abort.percent)
          ? ` if { rand(100) lt ${abort.percent} }`
          : ` if { rand(1000000) lt ${Math.round(abort.percent * 10000)} }`;
    out.push(`  ${abortAnswer(needs, abort.status, 'config', abort.grpcStatus)}${draw}`);
  }
  return out;
}

/** gateway's answer for an injected abort: its problem document, `grpc-status` when configured. */
function abortAnswer(
  needs: RouteNeeds,
  status: number,
  source: 'config' | 'headers',
  grpcStatus: number | undefined,
): string {
  const body = JSON.stringify(faultProblem(needs.route.name, status, source, grpcStatus));
  const grpc =
    grpcStatus === undefined
      ? ''
      : ` hdr grpc-status ${grpcStatus} hdr grpc-message ${sq('fault injected by the gateway')}`;
  return `http-request return status ${status} content-type application/problem+json string ${sq(body)}${grpc}`;
}
