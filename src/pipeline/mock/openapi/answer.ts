/**
 * Answering one request from an OpenAPI document: the operation by path and method, the response
 * by `Prefer: code=…` (else the lowest 2xx, as Prism does), the body by `Prefer: example=…`, the
 * media type's `example`, its first named example, or a value generated from the schema.
 */
import type { MockOperation, MockResponse, OpenApiMock } from './api.js';
import { generateFromSchema } from './generate.js';
import type { MockPreference } from './prefer.js';

export type OpenApiAnswer =
  | {
      readonly ok: true;
      readonly status: number;
      readonly headers: Record<string, string>;
      readonly body: string;
      /** `getPet (GET /pets/{petId}) → 200, example "cat"`. */
      readonly summary: string;
    }
  | { readonly ok: false; readonly status: number; readonly detail: string; readonly allow?: string };

/** Answers `method path` (path without query) from `api`. */
export function answerFromOpenApi(
  api: OpenApiMock,
  method: string,
  path: string,
  prefer: MockPreference,
): OpenApiAnswer {
  const local = stripBasePath(api.basePaths, path);
  const onPath = api.operations.filter((op) => op.pattern.test(local));
  if (onPath.length === 0)
    return { ok: false, status: 404, detail: `${api.title} has no operation for ${method} ${local}` };
  // HEAD is answered as GET without a body (the proxy drops it), unless the document says otherwise.
  const operation =
    onPath.find((op) => op.method === method) ??
    (method === 'HEAD' ? onPath.find((op) => op.method === 'GET') : undefined);
  if (operation === undefined) {
    const allow = [...new Set(onPath.filter((op) => op.path === onPath[0]!.path).map((op) => op.method))];
    return {
      ok: false,
      status: 405,
      detail: `${api.title} has no ${method} operation on ${onPath[0]!.path} (it has ${allow.join(', ')})`,
      allow: allow.join(', '),
    };
  }
  const chosen = chooseResponse(operation, prefer.code);
  if (chosen === undefined) {
    const codes = operation.responses.map((r) => r.key).join(', ') || 'none';
    const wanted = prefer.code ? `response ${prefer.code}` : 'response';
    return { ok: false, status: 404, detail: `${label(operation)} has no ${wanted} (it has ${codes})` };
  }
  const { response, status } = chosen;
  const body = chooseBody(response, prefer);
  if (!body.ok)
    return { ok: false, status: 404, detail: `${label(operation)} → ${response.key}: ${body.detail}` };
  const headers: Record<string, string> = {};
  for (const [name, header] of response.headers) {
    const value = header.example ?? generateFromSchema(header.schema);
    if (value !== null && value !== undefined) headers[name] = String(value);
  }
  if (response.content !== undefined) headers['content-type'] = response.content.mediaType;
  return {
    ok: true,
    status,
    headers,
    body: body.text,
    summary: `${label(operation)} → ${status}, ${body.source}`,
  };
}

function label(operation: MockOperation): string {
  const id = operation.operationId ? `${operation.operationId} ` : '';
  return `${id}(${operation.method} ${operation.path})`;
}

function stripBasePath(basePaths: readonly string[], path: string): string {
  for (const base of basePaths) {
    if (path === base) return '/';
    if (path.startsWith(`${base}/`)) return path.slice(base.length);
  }
  return path;
}

/** The preferred code's response (`404`, else `4XX`, else `default`), or the lowest 2xx. */
function chooseResponse(
  operation: MockOperation,
  code: string | undefined,
): { response: MockResponse; status: number } | undefined {
  const byKey = new Map(operation.responses.map((r) => [r.key.toUpperCase(), r]));
  if (code !== undefined) {
    const response = byKey.get(code) ?? byKey.get(`${code[0]}XX`) ?? byKey.get('DEFAULT');
    return response && { response, status: Number(code) };
  }
  const ranked = operation.responses
    .map((response) => ({ response, status: statusOf(response.key) }))
    .filter((r) => r.status !== undefined)
    .sort((a, b) => rank(a.status!) - rank(b.status!));
  const best = ranked[0];
  if (best !== undefined) return { response: best.response, status: best.status! };
  const fallback = byKey.get('DEFAULT');
  return fallback && { response: fallback, status: 200 };
}

function statusOf(key: string): number | undefined {
  if (/^\d{3}$/.test(key)) return Number(key);
  if (/^[1-5]XX$/i.test(key)) return Number(key[0]) * 100;
  return undefined;
}

/** 2xx first (lowest first), then the rest in order. */
function rank(status: number): number {
  return status >= 200 && status < 300 ? status - 1000 : status;
}

function chooseBody(
  response: MockResponse,
  prefer: MockPreference,
): { ok: true; text: string; source: string } | { ok: false; detail: string } {
  const content = response.content;
  if (content === undefined) return { ok: true, text: '', source: 'no content' };
  if (prefer.example !== undefined) {
    if (!content.examples.has(prefer.example)) {
      const names = [...content.examples.keys()].join(', ') || 'none';
      return { ok: false, detail: `no example named "${prefer.example}" (it has ${names})` };
    }
    return {
      ok: true,
      text: serialize(content.examples.get(prefer.example)),
      source: `example "${prefer.example}"`,
    };
  }
  if (!prefer.dynamic) {
    if (content.example !== undefined)
      return { ok: true, text: serialize(content.example), source: 'example' };
    const first = content.examples.entries().next();
    if (!first.done)
      return { ok: true, text: serialize(first.value[1]), source: `example "${first.value[0]}"` };
  }
  return {
    ok: true,
    text: serialize(generateFromSchema(content.schema)),
    source: 'generated from the schema',
  };
}

function serialize(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
