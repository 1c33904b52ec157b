/** A route's `mock`, resolved: one answer or a sequence, or an OpenAPI document, with paths made absolute. */
import { resolve } from 'node:path';
import type { ResolvedMock, ResolvedMockAnswer } from './resolved.js';
import type { MockAnswerConfig, MockConfig } from './schema/index.js';
import { toMilliseconds } from './units.js';

/** `dir`: the folder `file` and `openapi` are relative to. */
export function resolveMock(mock: MockConfig, dir: string): ResolvedMock {
  if (mock.openapi !== undefined) return { kind: 'openapi', file: resolve(dir, mock.openapi) };
  const answers = mock.sequence ?? [mock];
  return { kind: 'answers', answers: answers.map((a) => resolveAnswer(a, dir)), loop: mock.loop ?? false };
}

function resolveAnswer(answer: MockAnswerConfig, dir: string): ResolvedMockAnswer {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.headers ?? {})) headers[name.toLowerCase()] = value;
  return {
    status: answer.status ?? 200,
    headers,
    json: answer.json,
    body: answer.body,
    file: answer.file === undefined ? undefined : resolve(dir, answer.file),
    latency: answer.latency === undefined ? 0 : toMilliseconds(answer.latency),
  };
}
