/**
 * An HTTP client for the `soap` package that refuses answers carrying a DTD before the package
 * parses them. SOAP forbids document type declarations in messages (SOAP 1.1 §3, SOAP 1.2 part 1
 * §5), and a DTD is where entity-expansion ("billion laughs") and external-entity attacks live.
 * The package's sax parser does not expand DTD entities today; refusing them outright keeps that
 * true whatever the parser does tomorrow, and tells the user plainly what the upstream sent.
 */
import type { HttpClient } from 'soap';

/** The error an answer with a DTD becomes. */
export class UnsafeXmlError extends Error {
  constructor() {
    super(
      'the upstream answer contains a DOCTYPE or ENTITY declaration, which SOAP forbids; refused unparsed',
    );
    this.name = 'UnsafeXmlError';
  }
}

const DTD = /<!DOCTYPE|<!ENTITY/i;

type Send = (options: unknown) => Promise<{ data?: unknown }>;

/**
 * Creates the guarded client (loading the soap package). The check wraps the client's raw HTTP
 * send, so it sees the body as it arrived: the package's own response handling would otherwise cut
 * everything before `<Envelope>` (the DTD included) and hide it.
 */
export async function createGuardedHttpClient(): Promise<HttpClient> {
  const soap = await import('soap');
  const client = new soap.HttpClient({});
  const internals = client as unknown as { _request: Send };
  const send = internals._request;
  internals._request = async function guardedSend(options) {
    let response: { data?: unknown };
    try {
      response = await send(options);
    } catch (error) {
      if (hasDtd((error as { response?: { data?: unknown } } | null)?.response?.data))
        throw new UnsafeXmlError();
      throw error;
    }
    if (hasDtd(response.data)) throw new UnsafeXmlError();
    return response;
  };
  return client;
}

function hasDtd(body: unknown): boolean {
  if (typeof body === 'string') return DTD.test(body);
  if (body instanceof Uint8Array) return DTD.test(Buffer.from(body).toString('latin1'));
  return false;
}
