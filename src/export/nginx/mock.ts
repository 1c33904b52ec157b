/**
 * `mock` in nginx: a list of fixed answers becomes a `return` of its first answer (status,
 * headers, body), placeholders filled from nginx's variables (`{params.id}` from the route's path
 * regex, `{query.x}` → `$arg_x`, `{headers.x}`, `{method}`, `{path}`). What nginx cannot keep — the
 * later answers of a sequence, latency, OpenAPI-driven answers — is a finding.
 */
import { readFileSync } from 'node:fs';
import type { ResolvedMock } from '../../config/resolved.js';
import type { RouteNeeds } from '../analysis.js';
import { leftOut, problemJson } from '../shared/text.js';
import type { FindingList } from '../types.js';
import { routeKey } from './dispatch.js';
import { argVariable, headerVariable, literal, quote, quoteRegex } from './text.js';

const PLACEHOLDER = /\{(?:(params|query|headers)\.([^{}\s]+)|(method|path))\}/g;

/** The location lines answering with the mock (502 with a finding where nginx cannot). */
export function mockLines(
  needs: RouteNeeds,
  mock: ResolvedMock,
  findings: FindingList,
  httpLines: string[],
): string[] {
  const at = `${needs.at}.mock`;
  if (mock.kind === 'openapi') {
    return leftOutAnswer(
      findings.unsupported(
        at,
        `an OpenAPI mock (${mock.file.split('/').pop()}): nginx cannot pick an operation and its example per request — this route answers 502; write the answers you need as \`mock\` answers, or keep gateway in front`,
      ),
    );
  }
  const first = mock.answers[0];
  if (!first) return leftOutAnswer(findings.unsupported(at, 'a mock without answers'));
  const out: string[] = [];
  const lost: string[] = [];
  if (mock.answers.length > 1) {
    const rest = mock.answers.slice(1).map((a) => a.status);
    lost.push(
      `every request gets the first answer (${first.status}); the ${mock.loop ? 'looping ' : ''}sequence's next ${rest.length === 1 ? 'answer' : 'answers'} (${rest.join(', ')}) need state nginx does not keep`,
    );
  }
  if (first.latency > 0) lost.push(`latency ${first.latency} ms: nginx answers at once`);
  let body = first.body ?? '';
  if (first.json !== undefined) body = JSON.stringify(first.json);
  else if (first.file !== undefined) {
    try {
      body = readFileSync(first.file, 'utf8');
    } catch (error) {
      return leftOutAnswer(
        findings.unsupported(`${at}.file`, `cannot read ${first.file}: ${(error as Error).message}`),
      );
    }
  }
  const headers: Record<string, string> = {
    ...(first.json !== undefined ? { 'content-type': 'application/json' } : {}),
    ...first.headers,
  };
  const value = (text: string) => fill(text, needs, httpLines);
  if (new RegExp(PLACEHOLDER.source).test(JSON.stringify([body, headers]))) {
    lost.push(
      'placeholders are filled with nginx’s values as received: query values stay percent-encoded and a `"` in a value is not escaped in JSON',
    );
  }
  if (lost.length > 0) out.push(leftOut(findings.approximate(at, lost.join('; ')), '  '));
  // nginx's return takes a URL (the Location) for a redirect status, a body for the others.
  const redirect = [301, 302, 303, 307, 308].includes(first.status);
  const { 'content-type': type, location, ...rest } = headers;
  if (type) out.push(`  default_type ${quote(type)};`);
  if (location !== undefined && !redirect) rest.location = location;
  for (const [name, text] of Object.entries(rest)) out.push(`  add_header ${name} ${value(text)} always;`);
  out.push(`  rewrite ^/__gateway/${routeKey(needs)}(/.*)$ $1;`);
  if (redirect) out.push(`  return ${first.status}${location === undefined ? '' : ` ${value(location)}`};`);
  else out.push(`  return ${first.status} ${value(body)};`);
  return out;
}

/** A single-quoted nginx string with the placeholders as variables. */
function fill(text: string, needs: RouteNeeds, httpLines: string[]): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    out += literal(text.slice(last, match.index));
    last = match.index + match[0].length;
    const [, scope, name, bare] = match;
    if (bare === 'method') out += '${request_method}';
    else if (bare === 'path') out += '${uri}';
    else if (scope === 'query') out += `\${${argVariable(name!).slice(1)}}`;
    else if (scope === 'headers') out += `\${${headerVariable(name!).slice(1)}}`;
    else out += `\${${paramVariable(needs, name!, httpLines).slice(1)}}`;
  }
  return `'${out}${literal(text.slice(last))}'`;
}

/** A `map` from the (restored) path to one of the route's path parameters. */
function paramVariable(needs: RouteNeeds, name: string, httpLines: string[]): string {
  const variable = `$gw_${routeKey(needs)}_param_${name.replace(/\W/g, '_')}`;
  const path = needs.path.ok ? needs.path.path : undefined;
  const group = path ? path.params.indexOf(name) + 1 : 0;
  const line =
    path && group > 0
      ? `map $uri ${variable} { ${quoteRegex(`${path.caseInsensitive ? '~*' : '~'}${path.regex}`)} $${group}; default ""; }`
      : `map $uri ${variable} { default ""; }`;
  if (!httpLines.includes(line)) httpLines.push(line);
  return variable;
}

function leftOutAnswer(message: string): string[] {
  return [
    leftOut(message, '  '),
    `  return 502 ${quote(problemJson(502, 'Bad Gateway', 'this mock is left out of this nginx config'))};`,
  ];
}
