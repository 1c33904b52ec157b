/**
 * Steady closed-loop load on loopback: `concurrency` workers, each sending the next request of
 * a fixed mix and waiting for its answer, until the deadline. Every answer is classified by
 * request kind, so failures of idempotent requests (which retries and health must absorb) are
 * counted apart from failures of non-idempotent ones (a POST is never retried).
 */
import { Agent, request } from 'undici';

/** One kind of request in the mix and the status that counts as success. */
export interface LoadRequest {
  readonly name: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly expect: number;
}

export interface LoadFigures {
  sent: number;
  idempotentFailures: number;
  nonIdempotentFailures: number;
  /** Failures by request name and cause (`status 502`, `UND_ERR_SOCKET`, …). */
  readonly failuresByCause: Record<string, number>;
}

/** Runs the mix against `base` until `deadline` (ms since the epoch); `stop()` ends it early. */
export async function runLoad(
  base: string,
  mix: readonly LoadRequest[],
  options: { concurrency: number; deadline: number },
): Promise<LoadFigures> {
  const figures: LoadFigures = {
    sent: 0,
    idempotentFailures: 0,
    nonIdempotentFailures: 0,
    failuresByCause: {},
  };
  const dispatcher = new Agent({ connections: options.concurrency, keepAliveTimeout: 4000 });
  let next = 0;
  const worker = async () => {
    while (Date.now() < options.deadline) {
      const kind = mix[next++ % mix.length]!;
      figures.sent++;
      const cause = await sendOne(base, kind, dispatcher);
      if (cause === undefined) continue;
      if (kind.method === 'POST') figures.nonIdempotentFailures++;
      else figures.idempotentFailures++;
      const key = `${kind.name}: ${cause}`;
      figures.failuresByCause[key] = (figures.failuresByCause[key] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  await dispatcher.close();
  return figures;
}

/** `undefined` on success, else what went wrong. */
async function sendOne(base: string, kind: LoadRequest, dispatcher: Agent): Promise<string | undefined> {
  try {
    const response = await request(`${base}${kind.path}`, {
      method: kind.method,
      headers: kind.headers,
      body: kind.body,
      dispatcher,
      headersTimeout: 15_000,
      bodyTimeout: 15_000,
    });
    await response.body.dump();
    return response.statusCode === kind.expect ? undefined : `status ${response.statusCode}`;
  } catch (error) {
    return (error as { code?: string }).code ?? (error as Error).message;
  }
}
