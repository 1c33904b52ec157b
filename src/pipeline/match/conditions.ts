/**
 * The non-path match conditions, as a registry: each entry compiles its part of `match` once
 * and returns a check that explains itself (`ConditionFailure`) instead of `false`.
 * Order of evaluation (after the path): method, host, headers, query, clientIp, sample, grpc.
 * Adding one: a file exporting a `ConditionEntry`, a line in `CONDITIONS`, its `match` option.
 */
import type { ResolvedRoute, ValueMatcher } from '../../config/resolved.js';
import type { ConditionFailure, NormalizedRequest } from '../types.js';
import { clientIp } from './client-ip-condition.js';
import { showActual, showExpected, truncate } from './display.js';
import { grpc } from './grpc-condition.js';
import { sample } from './sample-condition.js';

/** One compiled condition: `undefined` when the request passes. */
export type ConditionCheck = (request: NormalizedRequest) => ConditionFailure | undefined;

export type Match = ResolvedRoute['match'];

/** One condition: its name (as in `ConditionFailure`), a compile step run once, a summary part. */
export interface ConditionEntry {
  readonly name: ConditionFailure['condition'];
  /** `undefined` when the route does not constrain this condition. */
  compile(match: Match): ConditionCheck | undefined;
  /** Part of the route summary (`host=api.local`), `''` when unconstrained. */
  summarize(match: Match): string;
}

const method: ConditionEntry = {
  name: 'method',
  compile({ methods }) {
    if (methods === undefined) return undefined;
    const allowed = new Set(methods);
    // HEAD is GET without a body: a route that accepts GET accepts HEAD (as Express and Envoy do).
    if (allowed.has('GET')) allowed.add('HEAD');
    const expected = methods.join(', ');
    return (request) =>
      allowed.has(request.method) ? undefined : { condition: 'method', expected, actual: request.method };
  },
  summarize: ({ methods }) => (methods ? methods.join(',') : ''),
};

const host: ConditionEntry = {
  name: 'host',
  compile({ host: hosts }) {
    if (hosts === undefined) return undefined;
    const tests = hosts.map(compileHost);
    const expected = hosts.map(String).join(' | ');
    const showPort = tests.some((test) => test.port !== undefined);
    return (request) => {
      const port = request.port || (request.scheme === 'https' ? '443' : '80');
      if (tests.some((test) => test.name(request.host) && (test.port === undefined || test.port === port)))
        return undefined;
      const actual = request.host === '' ? '(none)' : showPort ? `${request.host}:${port}` : request.host;
      return { condition: 'host', expected, actual: truncate(actual) };
    };
  },
  summarize: ({ host: hosts }) => (hosts ? `host=${hosts.map(String).join('|')}` : ''),
};

/**
 * Exact (lower-case), `*.example.com` (one or more labels before the suffix), or a RegExp (tested
 * on the host without its port). Strings may end in `:port` (compared) or `:*` (any port).
 */
function compileHost(pattern: string | RegExp): {
  name: (host: string) => boolean;
  port: string | undefined;
} {
  if (pattern instanceof RegExp) {
    const regex = stateless(pattern);
    return { name: (value) => regex.test(value), port: undefined };
  }
  const { name, port } = splitHostPort(pattern.toLowerCase());
  if (name.startsWith('*.')) {
    const suffix = name.slice(1);
    return { name: (value) => value.length > suffix.length && value.endsWith(suffix), port };
  }
  return { name: (value) => value === name, port };
}

/** `api.local:8080` → name and port; `:*` and no port → `port: undefined`; `[::1]:80` keeps its brackets. */
export function splitHostPort(entry: string): { name: string; port: string | undefined } {
  const colon = entry.lastIndexOf(':');
  const close = entry.lastIndexOf(']');
  if (colon === -1 || colon < close || (close === -1 && entry.indexOf(':') !== colon))
    return { name: entry, port: undefined };
  const port = entry.slice(colon + 1);
  return { name: entry.slice(0, colon), port: port === '*' ? undefined : port };
}

const headers: ConditionEntry = {
  name: 'header',
  compile: ({ headers: matchers }) =>
    compileValues('header', matchers, (request, name) => {
      const value = request.headers[name];
      return value === undefined ? [] : typeof value === 'string' ? [value] : value;
    }),
  summarize: ({ headers: matchers }) => summarizeValues('header', matchers),
};

const query: ConditionEntry = {
  name: 'query',
  compile: ({ query: matchers }) =>
    compileValues('query', matchers, (request, name) => queryOf(request).get(name) ?? []),
  summarize: ({ query: matchers }) => summarizeValues('query', matchers),
};

/** Conditions in evaluation order (after the path). */
export const CONDITIONS: readonly ConditionEntry[] = [method, host, headers, query, clientIp, sample, grpc];

/** Several values (repeated headers or query parameters): the condition holds when any value matches. */
function compileValues(
  condition: 'header' | 'query',
  matchers: Readonly<Record<string, ValueMatcher>>,
  read: (request: NormalizedRequest, name: string) => readonly string[],
): ConditionCheck | undefined {
  const entries = Object.entries(matchers).map(([name, matcher]) => ({
    name,
    accepts: compileValueMatcher(matcher),
    expected: showExpected(matcher, name),
  }));
  if (entries.length === 0) return undefined;
  return (request) => {
    for (const { name, accepts, expected } of entries) {
      const values = read(request, name);
      if (!accepts(values)) return { condition, name, expected, actual: showActual(values, name) };
    }
    return undefined;
  };
}

function compileValueMatcher(matcher: ValueMatcher): (values: readonly string[]) => boolean {
  if (matcher.first) {
    const accepts = compileValueMatcher({ ...matcher, first: false });
    return (values) => accepts(values.slice(0, 1));
  }
  switch (matcher.kind) {
    case 'present':
      return (values) => values.length > 0;
    case 'absent':
      return (values) => values.length === 0;
    case 'exact':
      return (values) => values.includes(matcher.value);
    case 'regex': {
      const regex = stateless(matcher.regex);
      return (values) => values.some((value) => regex.test(value));
    }
  }
}

function summarizeValues(condition: string, matchers: Readonly<Record<string, ValueMatcher>>): string {
  return Object.entries(matchers)
    .map(([name, matcher]) => {
      if (matcher.kind === 'present') return `${condition}:${name}`;
      if (matcher.kind === 'absent') return `!${condition}:${name}`;
      return `${condition}:${name}=${showExpected(matcher, name)}`;
    })
    .join(' ');
}

// The query is parsed once per request, and only when some route tests it.
const parsedQueries = new WeakMap<NormalizedRequest, Map<string, string[]>>();

function queryOf(request: NormalizedRequest): Map<string, string[]> {
  let parsed = parsedQueries.get(request);
  if (parsed === undefined) {
    parsed = new Map();
    for (const [name, value] of new URLSearchParams(request.query)) {
      const values = parsed.get(name);
      if (values) values.push(value);
      else parsed.set(name, [value]);
    }
    parsedQueries.set(request, parsed);
  }
  return parsed;
}

/** `g` and `y` make `test` remember `lastIndex` between requests; drop them. */
function stateless(regex: RegExp): RegExp {
  return regex.global || regex.sticky ? new RegExp(regex.source, regex.flags.replace(/[gy]/g, '')) : regex;
}
