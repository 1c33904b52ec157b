/** A concrete request a route accepts, built from its conditions, to check coverage claims on the real matcher. */
import { minimatch } from 'minimatch';
import type { ResolvedRoute, ValueMatcher } from '../../config/resolved.js';
import type { NormalizedRequest } from '../../pipeline/types.js';
import { parsePattern } from './path-pattern.js';

/** A request meeting every condition of `match`, or `undefined` when one cannot be built (RegExps). */
export function sampleRequest(match: ResolvedRoute['match'], method?: string): NormalizedRequest | undefined {
  if (match.path instanceof RegExp) return undefined;
  // A byte prefix accepts the prefix itself.
  const path = match.prefix ?? samplePath(match.path ?? '/**');
  const host = sampleHost(match.host);
  const headers = sampleValues(match.headers);
  const query = sampleValues(match.query);
  if (path === undefined || host === undefined || !headers || !query) return undefined;
  return {
    method: method ?? match.methods?.[0] ?? 'GET',
    path,
    rawPath: path,
    query: new URLSearchParams(query).toString(),
    host,
    headers: { ...headers, host },
    clientIp: '127.0.0.1',
    scheme: 'http',
    readBody: undefined,
  };
}

function samplePath(pattern: string): string | undefined {
  const parts: string[] = [];
  for (const seg of parsePattern(pattern)) {
    if (seg.kind === 'literal') parts.push(seg.text);
    else if (seg.kind === 'param') parts.push('sample1');
    else if (seg.kind === 'glob') {
      const text = seg.glob.replace(/\*/g, 'x').replace(/\?/g, 'x');
      if (!minimatch(text, seg.glob, { dot: true })) return undefined;
      parts.push(text);
    }
    // `**` may be empty; leaving it out is a path the route accepts.
  }
  const trailing = parts.length > 0 && pattern.length > 1 && pattern.endsWith('/') ? '/' : '';
  return `/${parts.join('/')}${trailing}`;
}

function sampleHost(hosts: ResolvedRoute['match']['host']): string | undefined {
  if (hosts === undefined) return 'localhost';
  const first = hosts[0];
  if (typeof first !== 'string') return undefined;
  return first.startsWith('*.') ? `sample${first.slice(1)}` : first;
}

function sampleValues(
  conditions: Readonly<Record<string, ValueMatcher>>,
): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [name, cond] of Object.entries(conditions)) {
    if (cond.kind === 'regex') return undefined;
    if (cond.kind === 'exact') out[name] = cond.value;
    else if (cond.kind === 'present') out[name] = 'sample';
  }
  return out;
}
