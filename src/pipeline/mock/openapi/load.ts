/**
 * Reads an OpenAPI 3 document with @apidevtools/swagger-parser (`$ref`s across files resolved, no
 * network: `http` refs are refused) and reduces it to its operations. Loaded only when a config has
 * an `openapi` mock, so plain configs never pay for the parser.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import type { MockContent, MockOperation, MockResponse, OpenApiMock, Schema } from './api.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The document and every file it was read from (for the watcher), or why it cannot be used. */
export async function loadOpenApi(
  file: string,
): Promise<{ ok: true; api: OpenApiMock; files: string[] } | { ok: false; message: string }> {
  const parser = new SwaggerParser();
  let document: Record<string, unknown>;
  try {
    document = (await parser.dereference(file, {
      resolve: { http: false },
      dereference: { circular: true },
    })) as unknown as Record<string, unknown>;
  } catch (error) {
    return { ok: false, message: `cannot read ${file}: ${(error as Error).message}` };
  }
  const version = String(document.openapi ?? document.swagger ?? '');
  if (!version.startsWith('3.'))
    return { ok: false, message: `${file} is not an OpenAPI 3 document (it says ${version || 'nothing'})` };
  const files = parser.$refs.paths().filter((path) => !/^https?:/.test(path));
  return { ok: true, api: reduce(document), files };
}

function reduce(document: Record<string, unknown>): OpenApiMock {
  const info = (document.info ?? {}) as { title?: string };
  const servers = (document.servers ?? []) as { url?: string }[];
  const basePaths = servers
    .map((server) => basePathOf(server.url ?? ''))
    .filter((path) => path !== '' && path !== '/');
  const operations: MockOperation[] = [];
  for (const [path, item] of Object.entries(
    (document.paths ?? {}) as Record<string, Record<string, unknown>>,
  )) {
    for (const method of METHODS) {
      const operation = item?.[method] as Record<string, unknown> | undefined;
      if (operation === undefined) continue;
      operations.push({
        method: method.toUpperCase(),
        path,
        pattern: pathPattern(path),
        operationId: typeof operation.operationId === 'string' ? operation.operationId : undefined,
        responses: Object.entries((operation.responses ?? {}) as Record<string, Record<string, unknown>>).map(
          ([key, response]) => reduceResponse(key, response ?? {}),
        ),
      });
    }
  }
  // Concrete paths win over templated ones (`/pets/mine` before `/pets/{id}`).
  operations.sort((a, b) => templateCount(a.path) - templateCount(b.path));
  return { title: info.title ?? 'OpenAPI document', basePaths, operations };
}

function reduceResponse(key: string, response: Record<string, unknown>): MockResponse {
  const content = (response.content ?? {}) as Record<string, Record<string, unknown>>;
  const types = Object.keys(content);
  const mediaType = types.find((t) => /^application\/(.+\+)?json\b/.test(t)) ?? types[0];
  const headers = new Map<string, { example: unknown; schema: Schema | undefined }>();
  for (const [name, header] of Object.entries(
    (response.headers ?? {}) as Record<string, Record<string, unknown>>,
  ))
    headers.set(name.toLowerCase(), {
      example: header?.example,
      schema: header?.schema as Schema | undefined,
    });
  return {
    key,
    content: mediaType === undefined ? undefined : reduceContent(mediaType, content[mediaType] ?? {}),
    headers,
  };
}

function reduceContent(mediaType: string, media: Record<string, unknown>): MockContent {
  const examples = new Map<string, unknown>();
  for (const [name, example] of Object.entries((media.examples ?? {}) as Record<string, { value?: unknown }>))
    examples.set(name, example?.value);
  return { mediaType, example: media.example, examples, schema: media.schema as Schema | undefined };
}

/** `/pets/{petId}` → `^/pets/([^/]+)$`. */
function pathPattern(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '([^/]+)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}/?$`);
}

function templateCount(path: string): number {
  return (path.match(/\{/g) ?? []).length;
}

function basePathOf(url: string): string {
  try {
    return new URL(url, 'http://localhost').pathname.replace(/\/$/, '');
  } catch {
    return '';
  }
}
