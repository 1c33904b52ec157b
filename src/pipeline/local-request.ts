/**
 * The request a local tool simulates (`gateway explain`, `gateway test`): a client on 127.0.0.1
 * talking to the gateway, with the Host taken from an absolute URL (else `localhost`).
 */
import type { RequestInput } from './types.js';

/** Builds what the pipeline gets from a method, URL, headers and body: a local client, as if sent to the gateway. */
export function toRequestInput(
  method: string,
  url: string,
  headers: Record<string, string | string[]>,
  body: Uint8Array | undefined,
): RequestInput {
  const hasHost = headers.host !== undefined;
  let host = 'localhost';
  if (/^https?:\/\//i.test(url)) host = new URL(url).host;
  return {
    method: method.toUpperCase(),
    url,
    headers: hasHost ? headers : { ...headers, host },
    remoteAddress: '127.0.0.1',
    scheme: url.toLowerCase().startsWith('https:') ? 'https' : 'http',
    readBody: body ? async () => body : undefined,
  };
}
