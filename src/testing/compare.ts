/**
 * Expectations against a Decision (and, with `--live`, a response). Only the fields a case
 * mentions are compared, as Envoy's route checker does; each mismatch keeps expected and actual
 * so a failure reads like a diff: `expected upstream: orders, actual: users`.
 */
import type { Decision, HeaderEdits, Headers } from '../pipeline/types.js';
import type { Mismatch, TestCase } from './types.js';

type Expect = TestCase['expect'];

/** A response received with `--live`. */
export interface LiveResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Compares the static expectations (route, upstream, path, target, auth, grpcMethod,
 * soapOperation, headers on the upstream request; status unless `live` is given, where it is the
 * response's; responseHeaders and body only with `live`).
 */
export function compareDecision(
  expect: Expect,
  decision: Decision,
  requestHeaders: Headers,
  live?: LiveResponse,
): Mismatch[] {
  const out: Mismatch[] = [];
  const check = (field: string, expected: unknown, actual: unknown, equal = expected === actual) => {
    if (!equal) out.push({ field, expected, actual });
  };
  if (expect.route !== undefined) check('route', expect.route, decision.route?.name ?? null);
  if (expect.upstream !== undefined) check('upstream', expect.upstream, decision.upstream ?? null);
  if (expect.path !== undefined) check('path', expect.path, decision.upstreamPath ?? null);
  if (expect.target !== undefined) {
    const target = decision.target;
    const equal =
      target !== undefined &&
      [target.id, target.url, trimSlash(target.url)].includes(trimSlash(expect.target));
    check('target', expect.target, target?.id ?? null, equal);
  }
  if (expect.auth !== undefined) check('auth', expect.auth, decision.auth?.result ?? null);
  if (expect.location !== undefined)
    check('location', expect.location, decision.response?.headers.location ?? null);
  if (expect.grpcMethod !== undefined) {
    check(
      'grpcMethod',
      expect.grpcMethod,
      decision.transform?.kind === 'grpc' ? decision.transform.method : null,
    );
  }
  if (expect.soapOperation !== undefined) {
    check(
      'soapOperation',
      expect.soapOperation,
      decision.transform?.kind === 'soap' ? decision.transform.operation : null,
    );
  }
  if (expect.status !== undefined)
    check('status', expect.status, live ? live.status : (decision.status ?? null));
  if (expect.headers !== undefined) {
    const actual = upstreamHeaders(requestHeaders, decision.headers);
    for (const [name, value] of Object.entries(expect.headers)) {
      check(`headers.${name.toLowerCase()}`, value, actual[name.toLowerCase()] ?? null);
    }
  }
  if (expect.responseHeaders !== undefined && live) {
    for (const [name, value] of Object.entries(expect.responseHeaders)) {
      check(`responseHeaders.${name.toLowerCase()}`, value, live.headers[name.toLowerCase()] ?? null);
    }
  }
  // The gateway's own answers (respond, mock) are in the Decision: their body is checked without --live.
  const body = live?.body ?? (decision.action === 'respond' ? decision.response?.body : undefined);
  if (expect.body !== undefined && body !== undefined) out.push(...compareBody(expect.body, body));
  return out;
}

/** The headers the upstream gets: the client's, with the Decision's edits (remove, then set). */
export function upstreamHeaders(request: Headers, edits: HeaderEdits | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(request)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  for (const name of edits?.remove ?? []) delete out[name.toLowerCase()];
  for (const [name, value] of Object.entries(edits?.set ?? {})) out[name.toLowerCase()] = value;
  return out;
}

/** A JSON subset match: every key and array element the expectation gives must be there and equal. */
function compareBody(expected: unknown, body: string): Mismatch[] {
  let actual: unknown;
  try {
    actual = JSON.parse(body);
  } catch {
    return [{ field: 'body', expected, actual: body.length > 200 ? `${body.slice(0, 200)}…` : body }];
  }
  const out: Mismatch[] = [];
  subset(expected, actual, 'body', out);
  return out;
}

function subset(expected: unknown, actual: unknown, field: string, out: Mismatch[]): void {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) {
      out.push({ field, expected, actual });
      return;
    }
    expected.forEach((item, i) => {
      subset(item, actual[i], `${field}[${i}]`, out);
    });
    return;
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
      out.push({ field, expected, actual });
      return;
    }
    for (const [key, value] of Object.entries(expected))
      subset(value, (actual as Record<string, unknown>)[key], `${field}.${key}`, out);
    return;
  }
  if (expected !== actual) out.push({ field, expected, actual: actual ?? null });
}

function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}
