/**
 * One finished exchange as a HAR 1.2 entry: the request and response as the client sent and got
 * them, with credentials redacted exactly as the access log and `explain` redact them (the
 * credential headers, every header and query parameter an api-key provider reads), timings from
 * the proxy's clock, and the Decision summary in `_gateway`.
 */
import { STATUS_CODES } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { CapturedBody, GatewayEvents } from '../events.js';
import { redactUrl, summarizeDecision } from '../log/index.js';
import { REDACTED, redactHeaders } from '../pipeline/auth/index.js';
import type { RouteTable } from '../pipeline/table.js';
import type { Headers } from '../pipeline/types.js';
import type { HarContent, HarEntry, HarNameValue } from './types.js';

type Finished = GatewayEvents['request-finished'];

/** Builds the HAR entry for `event` (which needs `capture`; without it headers and bodies are empty). */
export function harEntry(event: Finished, table: RouteTable | undefined): HarEntry {
  const capture = event.capture;
  const providers = table?.authProviders;
  const requestHeaders = redactHeaders((capture?.requestHeaders ?? {}) as Headers, providers);
  const responseHeaders = redactHeaders(stringHeaders(capture?.responseHeaders), providers);
  const url = redactUrl(event.url, table);
  const httpVersion = `HTTP/${capture?.httpVersion ?? '1.1'}`;
  const wait = capture === undefined || capture.waitMs < 0 ? event.durationMs : capture.waitMs;
  const receive = Math.max(0, event.durationMs - wait);
  const requestBody = capture?.requestBody;
  const requestType = single(requestHeaders['content-type']);
  const summary = event.decision === undefined ? {} : summarizeDecision(event.decision, event.target, table);
  return {
    startedDateTime: new Date(event.at).toISOString(),
    time: round(wait + receive),
    request: {
      method: event.method,
      url: absoluteUrl(url, single(requestHeaders.host), table?.config.server.tls ? 'https' : 'http'),
      httpVersion,
      cookies: [],
      headers: nameValues(requestHeaders),
      queryString: queryString(url),
      ...(requestBody !== undefined && requestBody.size > 0
        ? { postData: postData(requestBody, requestType, single(requestHeaders['content-encoding'])) }
        : {}),
      headersSize: -1,
      bodySize: requestBody?.size ?? 0,
    },
    response: {
      status: event.status,
      // The reason phrase node sent: the upstream's, else the standard one for the status.
      statusText: capture?.statusMessage ?? STATUS_CODES[event.status] ?? '',
      httpVersion,
      cookies: [],
      headers: nameValues(responseHeaders),
      content: content(
        capture?.responseBody ?? { size: event.bytes, data: undefined },
        single(responseHeaders['content-type']),
        single(responseHeaders['content-encoding']),
      ),
      redirectURL: single(responseHeaders.location) ?? '',
      headersSize: -1,
      bodySize: capture?.responseBody.size ?? event.bytes,
    },
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, send: 0, wait: round(wait), receive: round(receive) },
    ...(event.target === undefined ? {} : { serverIPAddress: event.target.replace(/:\d+$/, '') }),
    _gateway: {
      id: event.id,
      ...summary,
      ...(event.retries ? { retries: event.retries } : {}),
      ...(event.error ? { error: event.error } : {}),
    },
  };
}

/** Media types whose bodies HAR gets as text. */
const TEXT_TYPE =
  /^(text\/|application\/([\w.+-]+\+)?(json|xml|javascript|x-www-form-urlencoded|graphql|yaml)\b)/i;

function content(body: CapturedBody, type: string | undefined, encoding: string | undefined): HarContent {
  const mimeType = type ?? '';
  const text = bodyText(body, type, encoding);
  if ('comment' in text)
    return { size: body.size, mimeType, ...(body.size > 0 ? { comment: text.comment } : {}) };
  // `size` is the decoded length; `compression` what content-encoding saved (HAR 1.2 §content).
  const saved = text.size - body.size;
  return { size: text.size, ...(saved > 0 ? { compression: saved } : {}), mimeType, text: text.text };
}

function postData(body: CapturedBody, type: string | undefined, encoding: string | undefined) {
  const text = bodyText(body, type, encoding);
  return 'comment' in text
    ? { mimeType: type ?? '', text: '', comment: text.comment }
    : { mimeType: type ?? '', text: text.text };
}

/** The body as text, or why it is left out. */
function bodyText(
  body: CapturedBody,
  type: string | undefined,
  encoding: string | undefined,
): { text: string; size: number } | { comment: string } {
  if (body.data === undefined)
    return { comment: `body of ${body.size} bytes is over the capture limit; its size is kept` };
  if (type !== undefined && !TEXT_TYPE.test(type))
    return { comment: `${type} body of ${body.size} bytes is not text; its size is kept` };
  try {
    const bytes = decoded(body.data, encoding);
    return { text: bytes.toString('utf8'), size: bytes.length };
  } catch {
    return { comment: `${encoding}-encoded body of ${body.size} bytes could not be decoded` };
  }
}

function decoded(data: Buffer, encoding: string | undefined): Buffer {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return gunzipSync(data);
    case 'deflate':
      return inflateSync(data);
    case 'br':
      return brotliDecompressSync(data);
    case undefined:
    case '':
    case 'identity':
      return data;
    default:
      throw new Error(`unknown content-encoding ${encoding}`);
  }
}

/** The request URL, absolute; `[redacted]` percent-encoded so the URL stays a valid URI. */
function absoluteUrl(url: string, host: string | undefined, scheme: string): string {
  const encoded = url.replaceAll(REDACTED, ENCODED_REDACTED);
  if (/^https?:\/\//i.test(encoded)) return encoded;
  return `${scheme}://${host ?? 'localhost'}${encoded}`;
}

const ENCODED_REDACTED = encodeURIComponent(REDACTED);

function queryString(url: string): HarNameValue[] {
  const q = url.indexOf('?');
  if (q === -1) return [];
  return url
    .slice(q + 1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq === -1
        ? { name: safeDecode(pair), value: '' }
        : { name: safeDecode(pair.slice(0, eq)), value: safeDecode(pair.slice(eq + 1)) };
    });
}

function nameValues(headers: Headers): HarNameValue[] {
  const out: HarNameValue[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) out.push({ name, value: v });
    else out.push({ name, value: String(value) });
  }
  return out;
}

function stringHeaders(headers: Readonly<Record<string, unknown>> | undefined): Headers {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.map(String) : String(value);
  }
  return out;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
