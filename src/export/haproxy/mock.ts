/**
 * `mock` with answers: each answer is an `http-request return` whose body and header values are
 * log-format strings, so the templates are filled by HAProxy — `{params.id}` from the route's
 * path regex, `{query.x}`, `{headers.x}`, `{method}`, `{path}` (JSON-escaped inside `json`). A
 * sequence counts the route's requests in a one-entry stick table (`sc_inc_gpc0`) and picks the
 * answer by the count, the last one repeating (or from the start again with `loop`). A latency is
 * left out (no wait without Lua); an OpenAPI mock has no HAProxy form.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { ResolvedMock, ResolvedMockAnswer } from '../../config/resolved.js';
import type { RouteNeeds } from '../analysis.js';
import { leftOut } from '../shared/text.js';
import type { FindingList } from '../types.js';
import { routeKey } from './conditions.js';
import { arg, lf, sq } from './text.js';

const PLACEHOLDER = /\{(?:(params|query|headers)\.([^{}\s]+)|(method|path))\}/g;

/** The answer rules of the route and the counter backend of a sequence. */
export function mockRules(
  needs: RouteNeeds,
  mock: ResolvedMock,
  findings: FindingList,
  dir: string,
): { rules: string[]; table: string[] } {
  const at = `${needs.at}.mock`;
  if (mock.kind === 'openapi') {
    const message = findings.unsupported(
      `${at}.openapi`,
      `answers from an OpenAPI document (${relative(dir, mock.file)}): HAProxy cannot read one — run a mock server for it (e.g. Prism) as this route's upstream; the route answers 502`,
    );
    return {
      rules: [
        leftOut(message, '  '),
        `  http-request return status 502 content-type application/problem+json string ${sq(JSON.stringify({ type: 'about:blank', title: 'Bad Gateway', status: 502, detail: 'this mock is left out of this HAProxy config' }))}`,
      ],
      table: [],
    };
  }
  const answers = mock.answers;
  const latency = Math.max(...answers.map((a) => a.latency));
  const rules: string[] = [];
  if (latency > 0)
    rules.push(
      leftOut(
        findings.approximate(
          `${at}.latency`,
          `a latency of ${latency} ms: HAProxy answers at once (a wait needs Lua)`,
        ),
        '  ',
      ),
    );
  if (answers.length === 1)
    return { rules: [...rules, `  ${answerRule(needs, answers[0]!, findings, at)}`], table: [] };
  const table = `${routeKey(needs)}_sequence`;
  const n = answers.length;
  rules.push(
    `  http-request track-sc1 str(${routeKey(needs)}) table ${table}`,
    mock.loop
      ? `  http-request set-var(txn.gw_answer) sc_inc_gpc0(1),sub(1),mod(${n})`
      : `  http-request set-var(txn.gw_answer) sc_inc_gpc0(1),sub(1)`,
  );
  answers.forEach((answer, i) => {
    const rule = answerRule(needs, answer, findings, `${at}.sequence[${i}]`);
    rules.push(i === n - 1 ? `  ${rule}` : `  ${rule} if { var(txn.gw_answer) -m int eq ${i} }`);
  });
  return {
    rules,
    table: [
      `# how many requests route "${needs.route.name}"'s mock sequence answered (kept 24 days without traffic)`,
      `backend ${table}`,
      '  stick-table type string len 16 size 1 expire 24d store gpc0',
    ],
  };
}

/** One answer as `http-request return` (templates filled by HAProxy). */
function answerRule(
  needs: RouteNeeds,
  answer: ResolvedMockAnswer,
  findings: FindingList,
  at: string,
): string {
  const fill = (text: string, json: boolean) => fillFormat(needs, text, json, findings, at);
  const headers = { ...answer.headers };
  let body = '';
  if (answer.json !== undefined) {
    body = fillJson(answer.json, (text) => fill(text, true));
    headers['content-type'] ??= 'application/json';
  } else if (answer.body !== undefined) body = fill(answer.body, false);
  else if (answer.file !== undefined) body = fill(readFileSync(answer.file, 'utf8'), false);
  const { 'content-type': type, ...rest } = headers;
  const hdrs = Object.entries(rest)
    .map(([name, value]) => ` hdr ${name} ${sq(fill(value, false))}`)
    .join('');
  const content = body === '' ? '' : ` content-type ${sq(type ?? 'text/plain')} lf-string ${sq(body)}`;
  return `http-request return status ${answer.status}${content}${hdrs}`;
}

/** The JSON text with every string filled (keys as written). */
function fillJson(value: unknown, fill: (text: string) => string): string {
  if (typeof value === 'string') return `"${fill(value)}"`;
  if (Array.isArray(value)) return `[${value.map((v) => fillJson(v, fill)).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${lf(JSON.stringify(k))}:${fillJson(v, fill)}`)
      .join(',')}}`;
  return lf(JSON.stringify(value));
}

/** A template string as log-format: literal parts escaped, placeholders as samples. */
function fillFormat(
  needs: RouteNeeds,
  text: string,
  json: boolean,
  findings: FindingList,
  at: string,
): string {
  const literal = (part: string) => lf(json ? JSON.stringify(part).slice(1, -1) : part);
  let out = '';
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    out += literal(text.slice(last, m.index));
    last = m.index! + m[0].length;
    const sample = placeholderSample(needs, m[1], m[2], m[3]);
    if (sample === undefined) {
      findings.unsupported(at, `the placeholder ${m[0]}: the route's path has no such parameter`);
      continue;
    }
    out += `%[${sample}${json ? ',json' : ''}]`;
  }
  return out + literal(text.slice(last));
}

function placeholderSample(
  needs: RouteNeeds,
  scope: string | undefined,
  name: string | undefined,
  bare: string | undefined,
): string | undefined {
  if (bare === 'method') return 'method';
  if (bare === 'path') return 'path';
  if (scope === 'query') return `url_param(${name}),url_dec`;
  if (scope === 'headers') return `req.hdr(${name!.toLowerCase()})`;
  if (!needs.path.ok) return undefined;
  const p = needs.path.path;
  const i = p.params.indexOf(name!);
  if (i === -1) return undefined;
  return `path,url_dec,regsub(${arg(p.regex)},"\\${i + 1}"${p.caseInsensitive ? ',i' : ''})`;
}
