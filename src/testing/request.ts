/** A test case's request as the pipeline and the live proxy take it. */
import { toRequestInput } from '../pipeline/local-request.js';
import type { RequestInput } from '../pipeline/types.js';
import type { TestCase } from './types.js';

/** Method, headers (lower-case names) and body bytes of a case; a JSON body gets `content-type: application/json`. */
export function caseRequestParts(testCase: TestCase): {
  method: string;
  headers: Record<string, string>;
  body: Uint8Array | undefined;
} {
  const method = (testCase.request.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(testCase.request.headers ?? {}))
    headers[name.toLowerCase()] = value;
  const raw = testCase.request.body;
  let body: Uint8Array | undefined;
  if (typeof raw === 'string') body = new TextEncoder().encode(raw);
  else if (raw !== undefined) {
    body = new TextEncoder().encode(JSON.stringify(raw));
    headers['content-type'] ??= 'application/json';
  }
  if (body) headers['content-length'] ??= String(body.byteLength);
  return { method, headers, body };
}

/** The case as `decide` gets it: from a local client, exactly as `gateway explain` builds requests. */
export function caseRequestInput(testCase: TestCase): RequestInput {
  const { method, headers, body } = caseRequestParts(testCase);
  return toRequestInput(method, testCase.request.url, headers, body);
}
