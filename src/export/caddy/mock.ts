/**
 * `mock` as a `respond` with the first answer: status, headers and body, its templates turned
 * into Caddy placeholders (`{params.id}` → the route's path capture, `{query.x}`, `{headers.x}`,
 * `{method}`, `{path}`). Answers in turn, latency and answers from OpenAPI documents or files
 * have no stock Caddy form: findings.
 */
import { relative } from 'node:path';
import type { ResolvedMock } from '../../config/resolved.js';
import type { RouteNeeds } from '../analysis.js';
import { leftOut, problemJson } from '../shared/text.js';
import type { FindingList } from '../types.js';
import { routeKey } from './matchers.js';
import { caddyJson, dq, literal } from './text.js';

const PLACEHOLDER = /\{(?:(params|query|headers)\.([^{}\s]+)|(method|path))\}/g;

/** The lines answering a mock route; `dir` is the config's folder (for file names in messages). */
export function mockLines(
  needs: RouteNeeds,
  mock: ResolvedMock,
  dir: string,
  findings: FindingList,
): string[] {
  const at = `${needs.at}.mock`;
  const first = mock.kind === 'answers' ? mock.answers[0] : undefined;
  if (mock.kind === 'openapi' || !first || first.file !== undefined) {
    const what =
      mock.kind === 'openapi'
        ? `a mock from an OpenAPI document (${relative(dir, mock.file)}): Caddy cannot answer from one`
        : 'a mock answer read from a file: not exported — put the body in `body` or `json`';
    return [
      leftOut(
        findings.unsupported(
          at,
          `${what} — this route answers 502; keep gateway (or a mock server) in front of it`,
        ),
        '',
      ),
      'header Content-Type application/problem+json',
      `respond ${literal(problemJson(502, 'Bad Gateway', 'this mock is left out of this Caddyfile'))} 502`,
    ];
  }
  const out: string[] = [];
  if (mock.answers.length > 1) {
    const statuses = mock.answers.map((a) => a.status).join(', ');
    out.push(
      leftOut(
        findings.approximate(
          at,
          `answers in turn (${statuses}${mock.loop ? ', looped' : ''}): Caddy gives the first (${first.status}) to every request`,
        ),
        '',
      ),
    );
  }
  if (first.latency > 0)
    out.push(
      leftOut(findings.approximate(at, `latency ${first.latency} ms: stock Caddy answers at once`), ''),
    );
  const json = first.json !== undefined;
  const body = json ? caddyJson(JSON.stringify(first.json)) : (first.body ?? '');
  if (json && [...body.matchAll(PLACEHOLDER)].length > 0)
    out.push(
      leftOut(
        findings.approximate(at, 'template values are inserted as the request has them, not JSON-escaped'),
        '',
      ),
    );
  const headers = { ...(json ? { 'content-type': 'application/json' } : {}), ...first.headers };
  for (const [name, value] of Object.entries(headers)) out.push(`header ${name} ${template(value, needs)}`);
  return [...out, `respond ${template(body, needs)} ${first.status}`];
}

/** Quotes `text` for Caddy: literal braces escaped, gateway's template names as placeholders. */
function template(text: string, needs: RouteNeeds): string {
  const params = needs.path.ok ? needs.path.path.params : [];
  let out = '';
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    out += escapeBraces(text.slice(last, m.index));
    last = m.index + m[0].length;
    const [, scope, name, bare] = m;
    if (bare === 'method') out += '{http.request.method}';
    else if (bare === 'path') out += '{http.request.uri.path}';
    else if (scope === 'query') out += `{http.request.uri.query.${name}}`;
    else if (scope === 'headers') out += `{http.request.header.${name}}`;
    else if (params.includes(name!)) out += `{re.${routeKey(needs)}.${params.indexOf(name!) + 1}}`;
  }
  return dq(out + escapeBraces(text.slice(last)));
}

function escapeBraces(text: string): string {
  return text.replace(/[{}]/g, (b) => `\\${b}`);
}
