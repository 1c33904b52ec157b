/**
 * Carrying out the timing a Decision asks for: wait the injected delay and a mock's latency, then
 * send the answer (whatever it is: a forwarded one, the gateway's own, an injected abort) no faster
 * than an injected bandwidth.
 */
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Decision } from '../pipeline/types.js';
import type { Exchange } from './exchange.js';
import { throttleResponse } from './throttle.js';

/** Whether `decision` asks for a wait or a bandwidth limit (checked on every request: cheap). */
export function needsTiming(decision: Decision): boolean {
  return decision.fault?.injected === true || (decision.response?.latencyMs ?? 0) > 0;
}

/** Waits and throttles as `decision` says; `false` when the client went away during the wait. */
export async function carryOutTiming(
  res: ServerResponse,
  ex: Exchange,
  decision: Decision,
): Promise<boolean> {
  const waitMs = (decision.fault?.delayMs ?? 0) + (decision.response?.latencyMs ?? 0);
  if (waitMs > 0) {
    const gone = new AbortController();
    const onClose = () => gone.abort();
    res.once('close', onClose);
    try {
      await sleep(waitMs, undefined, { signal: gone.signal });
    } catch {
      // The client closed the connection while we waited: nothing left to answer.
    } finally {
      res.off('close', onClose);
    }
    if (ex.closed) return false;
  }
  const bandwidth = decision.fault?.bandwidth;
  if (bandwidth !== undefined) throttleResponse(res, bandwidth);
  return true;
}
