/**
 * SOAP failures as problem documents. Faults: the client's fault (1.1 `Client`, 1.2 `Sender`) is a
 * 400, any other (`Server`/`Receiver`, `VersionMismatch`, `MustUnderstand`) a 502; the body carries
 * `faultcode` and `faultstring` in both versions. Transport failures: refused/reset connection
 * 502, timeout 504, the client going away 499.
 */
import { problem } from '../../pipeline/problem.js';
import type { Problem } from '../../pipeline/types.js';
import { UnsafeXmlError } from './guard.js';

type Context = { readonly operation: string; readonly upstream: string; readonly target: string };

interface SoapError {
  readonly message?: string;
  readonly code?: string;
  readonly root?: { Envelope?: { Body?: { Fault?: Record<string, unknown> } } };
  readonly response?: { status?: number };
}

/** The problem for an error the soap package reported. */
export function soapProblem(error: unknown, context: Context, timeoutMs: number): Problem {
  const e = (error ?? {}) as SoapError;
  const fault = e.root?.Envelope?.Body?.Fault;
  if (fault) return faultProblem(fault, context);
  if (error instanceof UnsafeXmlError) return problem('bad-gateway', 502, error.message, { ...context });
  if (e.code === 'ERR_CANCELED')
    return problem('upstream-error', 499, 'the client went away; the SOAP call was cancelled', {
      ...context,
    });
  if (e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT' || /timeout/i.test(e.message ?? '')) {
    return problem(
      'gateway-timeout',
      504,
      `${context.target} did not answer ${context.operation} within ${timeoutMs} ms`,
      { ...context },
    );
  }
  if (e.response?.status) {
    return problem(
      'bad-gateway',
      502,
      `${context.target} answered HTTP ${e.response.status} without a SOAP fault`,
      { ...context },
    );
  }
  const reason = e.code ? `${e.code}${e.message ? ` (${e.message})` : ''}` : (e.message ?? String(error));
  return problem('bad-gateway', 502, `cannot call ${context.operation} on ${context.target}: ${reason}`, {
    ...context,
  });
}

function faultProblem(fault: Record<string, unknown>, context: Context): Problem {
  // 1.1: faultcode/faultstring; 1.2: Code.Value/Reason.Text.
  const code =
    text(fault.faultcode) ?? text((fault.Code as Record<string, unknown> | undefined)?.Value) ?? 'Server';
  const message =
    text(fault.faultstring) ?? text((fault.Reason as Record<string, unknown> | undefined)?.Text) ?? '';
  const local = code.split(':').pop() ?? code;
  const status = local === 'Client' || local === 'Sender' ? 400 : 502;
  const detail = `${context.operation} fault ${code}${message ? `: ${message}` : ''}`;
  return problem('upstream-error', status, detail, { faultcode: code, faultstring: message, ...context });
}

/** Element text as the soap package gives it: a string, or `{ $value }` when it had attributes. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return text(value[0]);
  if (typeof value === 'object' && value !== null && '$value' in value)
    return String((value as { $value: unknown }).$value);
  return undefined;
}
