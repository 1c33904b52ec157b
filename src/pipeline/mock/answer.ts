/** An answer of a mock's list, filled in for one request: status, headers and body with templates filled. */
import type { CompiledAnswer } from './api.js';
import { fillHeaders, fillJson, fillString, type TemplateValues } from './template.js';

export interface FilledAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly latencyMs: number;
}

/** Fills `answer` from the request (`json` is sent as `application/json` unless headers say otherwise). */
export function fillAnswer(answer: CompiledAnswer, values: TemplateValues): FilledAnswer {
  const headers = fillHeaders(answer.headers, values);
  let body = '';
  if (answer.json !== undefined) {
    body = JSON.stringify(fillJson(answer.json, values));
    headers['content-type'] ??= 'application/json';
  } else if (answer.body !== undefined) body = fillString(answer.body, values);
  else if (answer.fileBody !== undefined) body = fillString(answer.fileBody, values);
  return { status: answer.status, headers, body, latencyMs: answer.latency };
}
