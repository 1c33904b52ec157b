/**
 * `forward`: asks an HTTP auth service, like Traefik's ForwardAuth. The service gets a GET
 * with the configured request headers plus `X-Forwarded-Method`, `-Uri`, `-Host`, `-Proto`
 * and `-For`. A 2xx allows and its configured `responseHeaders` are copied onto the upstream
 * request; any other answer (a 401, a 302 to a login page) goes back to the client as it was.
 */
import type { AuthContext, AuthProvider, ProviderResult } from '../api.js';
import { invalidCredential } from '../credentials.js';
import type { ProviderConfig, ProviderEntry } from '../registry.js';
import type { NormalizedRequest } from '../../types.js';

/** A denial body larger than this is cut: the client gets the service's answer, not an unbounded stream. */
export const MAX_PASSTHROUGH_BODY = 64 * 1024;

/** Headers that describe the connection or the encoding fetch already undid, so they cannot be passed through. */
const NOT_PASSED_THROUGH = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
]);

/** Response headers conventionally naming the authenticated user (Authelia, oauth2-proxy, Traefik setups). */
const USER_HEADERS = ['remote-user', 'x-forwarded-user', 'x-auth-request-user', 'x-user'];

export const forwardProvider: ProviderEntry<'forward'> = {
  type: 'forward',
  async compile(config) {
    const requestHeaders = config.requestHeaders.map((h) => h.toLowerCase());
    const responseHeaders = config.responseHeaders.map((h) => h.toLowerCase());
    const provider: AuthProvider = {
      name: config.name,
      type: 'forward',
      // The auth service answers 401s itself; this is only used when it cannot be asked.
      challenge: `Forward realm="gateway"`,
      credential: {},
      upstreamHeaders: responseHeaders,
      authenticate: (request, ctx) => askAuthService(config, requestHeaders, responseHeaders, request, ctx),
    };
    return { ok: true, provider };
  },
};

async function askAuthService(
  config: ProviderConfig<'forward'>,
  requestHeaders: readonly string[],
  responseHeaders: readonly string[],
  request: NormalizedRequest,
  ctx: AuthContext,
): Promise<ProviderResult> {
  const { url, timeout, name } = config;
  let response: Response;
  try {
    response = await ctx.fetch(url, {
      method: 'GET',
      headers: forwardedHeaders(request, requestHeaders),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeout),
    });
  } catch (error) {
    // A slow auth service is a timeout (504 by default), a missing one unavailable (503).
    const timedOut = (error as Error).name === 'TimeoutError';
    const why = timedOut
      ? `did not answer within ${timeout % 1000 === 0 ? `${timeout / 1000}s` : `${timeout}ms`}`
      : `could not be reached (${causeOf(error)})`;
    return invalidCredential(`auth service "${name}" (${url}) ${why}`, {
      status: timedOut ? config.timeoutStatus : config.unreachableStatus,
    });
  }
  if (response.status >= 200 && response.status < 300) {
    await response.body?.cancel();
    const copyHeaders: Record<string, string> = {};
    for (const header of responseHeaders) {
      const value = response.headers.get(header);
      if (value !== null) copyHeaders[header] = value;
    }
    const user = USER_HEADERS.map((h) => response.headers.get(h)).find((v) => v);
    return { ok: true, identity: { name: user ?? name }, scopes: [], roles: [], copyHeaders };
  }
  const body = await readBounded(response);
  const where = response.headers.get('location');
  return {
    ok: false,
    missing: false,
    reason: `auth service answered ${response.status}${where ? ` (redirect to ${where.slice(0, 200)})` : ''}`,
    passthrough: { status: response.status, headers: passedHeaders(response.headers), body },
  };
}

/** The selected client headers plus where the request was going (as Traefik sends them). */
function forwardedHeaders(request: NormalizedRequest, names: readonly string[]): Headers {
  const headers = new Headers();
  for (const name of names) {
    const value = request.headers[name];
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  headers.set('x-forwarded-method', request.method);
  headers.set('x-forwarded-uri', request.query ? `${request.path}?${request.query}` : request.path);
  headers.set('x-forwarded-host', request.host);
  headers.set('x-forwarded-proto', request.scheme);
  headers.set('x-forwarded-for', request.clientIp);
  return headers;
}

function passedHeaders(headers: globalThis.Headers): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of headers) {
    if (NOT_PASSED_THROUGH.has(name) || name === 'set-cookie') continue;
    out[name] = value;
  }
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) out['set-cookie'] = cookies;
  return out;
}

/** Reads at most MAX_PASSTHROUGH_BODY bytes, then stops the stream. */
async function readBounded(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_PASSTHROUGH_BODY) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body cut off mid-way is still the service's answer; the status is what matters.
  } finally {
    await reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).subarray(0, MAX_PASSTHROUGH_BODY).toString('utf8');
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
