/**
 * Carrying out the faults a Decision asks for: wait the delay, then send the answer (whatever it
 * is: a forwarded one, the gateway's own, an injected abort) no faster than the bandwidth.
 */
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultOutcome } from '../pipeline/fault/index.js';
import type { Exchange } from './exchange.js';
import { throttleResponse } from './throttle.js';

/** Waits and throttles as `fault` says; `false` when the client went away during the delay. */
export async function carryOutFault(
  res: ServerResponse,
  ex: Exchange,
  fault: FaultOutcome,
): Promise<boolean> {
  if (fault.delayMs !== undefined && fault.delayMs > 0) {
    const gone = new AbortController();
    const onClose = () => gone.abort();
    res.once('close', onClose);
    try {
      await sleep(fault.delayMs, undefined, { signal: gone.signal });
    } catch {
      // The client closed the connection while we waited: nothing left to answer.
    } finally {
      res.off('close', onClose);
    }
    if (ex.closed) return false;
  }
  if (fault.bandwidth !== undefined) throttleResponse(res, fault.bandwidth);
  return true;
}
