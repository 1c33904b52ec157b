/**
 * The request a local tool simulates (`gateway explain`, `gateway test`): a client on 127.0.0.1
 * talking to the gateway, with the Host taken from an absolute URL (else `localhost`).
 */
import { parseHost, splitTarget } from './normalize.js';
import type { RequestInput } from './types.js';

const ABSOLUTE = /^https?:\/\//i;

/** Builds what the pipeline gets from a method, URL, headers and body: a local client, as if sent to the gateway. */
export function toRequestInput(
  method: string,
  url: string,
  headers: Record<string, string | string[]>,
  body: Uint8Array | undefined,
): RequestInput {
  const hasHost = headers.host !== undefined;
  let host = 'localhost';
  // The pipeline's own parser (not WHATWG URL, which throws): what it cannot split, normalize
  // refuses with 400.
  const target = ABSOLUTE.test(url) ? splitTarget(url) : undefined;
  if (target?.ok && target.authority) host = target.authority;
  return {
    method: method.toUpperCase(),
    url,
    headers: hasHost ? headers : { ...headers, host },
    remoteAddress: '127.0.0.1',
    scheme: url.toLowerCase().startsWith('https:') ? 'https' : 'http',
    readBody: body ? async () => body : undefined,
  };
}

/**
 * Why an absolute URL argument cannot be a request (`http://[::1`, `http://host:abc/x`,
 * `http://a b`), in one line; `undefined` for a usable one. Paths are left to the pipeline,
 * which explains its own 400s.
 */
export function checkUrl(url: string): string | undefined {
  if (!ABSOLUTE.test(url)) return undefined;
  const target = splitTarget(url);
  const host = target.ok ? parseHost(target.authority) : target;
  const hint = 'give a path such as /users/1 or a URL such as http://localhost/users/1';
  if (target.ok && target.authority === '') return `invalid URL "${url}": no host — ${hint}`;
  if (host.ok) return undefined;
  return `invalid URL "${url.length > 80 ? `${url.slice(0, 77)}...` : url}": ${host.reason} — ${hint}`;
}
