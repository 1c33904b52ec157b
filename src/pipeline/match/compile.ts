/** `compileRoute`: a route's `match` turned, once, into a `CompiledMatch` that explains failures. */
import type { ResolvedRoute } from '../../config/resolved.js';
import { hasDotParameters, hasEncodedSlash } from '../normalize/path.js';
import type { ConditionFailure, NormalizedRequest } from '../types.js';
import type { CompileRouteResult, MatchOutcome } from './api.js';
import { CONDITIONS, type ConditionCheck } from './conditions.js';
import { truncate } from './display.js';
import { compilePathPattern } from './path-pattern.js';

/**
 * Compiles one route. Conditions are tested in a fixed order — path, method, host, headers,
 * query — and the first failure is returned.
 * @example
 * const result = compileRoute(route); // route.match.path = '/users/:id', methods ['GET']
 * result.ok && result.match.test(request)
 * // { ok: true, params: { id: '42' } }
 * // { ok: false, failed: { condition: 'method', expected: 'GET', actual: 'POST' } }
 */
export function compileRoute(route: ResolvedRoute): CompileRouteResult {
  const { match } = route;
  const compiled = compilePathPattern(match.path, match.caseInsensitive);
  if (!compiled.ok) {
    return { ok: false, issues: [{ path: `routes[${route.index}].match.path`, message: compiled.message }] };
  }
  const pattern = compiled.pattern;
  const checks: ConditionCheck[] = [];
  for (const condition of CONDITIONS) {
    const check = condition.compile(match);
    if (check) checks.push(check);
  }
  const allowEncodedSlashes = match.allowEncodedSlashes;
  const encodedSlashFailure = (path: string): ConditionFailure => ({
    condition: 'path',
    expected: `${pattern.source} (no %2F or %5C unless match.allowEncodedSlashes)`,
    actual: truncate(path),
  });

  const allowPathParameters = match.allowPathParameters;
  const dotParametersFailure = (path: string): ConditionFailure => ({
    condition: 'path',
    expected: `${pattern.source} (no "..;" or ".;" segments unless match.allowPathParameters)`,
    actual: truncate(path),
  });

  const test = (request: NormalizedRequest): MatchOutcome => {
    const { path } = request;
    if (!allowEncodedSlashes && hasEncodedSlash(path))
      return { ok: false, failed: encodedSlashFailure(path) };
    if (!allowPathParameters && hasDotParameters(path))
      return { ok: false, failed: dotParametersFailure(path) };
    const params = pattern.match(path);
    if (params === undefined) {
      return { ok: false, failed: { condition: 'path', expected: pattern.source, actual: truncate(path) } };
    }
    for (const check of checks) {
      const failed = check(request);
      if (failed) return { ok: false, failed };
    }
    return { ok: true, params };
  };

  const summary = [
    ...CONDITIONS.slice(0, 1).map((c) => c.summarize(match)),
    pattern.source,
    ...CONDITIONS.slice(1).map((c) => c.summarize(match)),
    match.caseInsensitive ? '(case-insensitive)' : '',
    allowEncodedSlashes ? '(encoded slashes allowed)' : '',
    allowPathParameters ? '(path parameters allowed)' : '',
  ]
    .filter((part) => part !== '')
    .join(' ');

  return {
    ok: true,
    match: Object.freeze({ test, params: pattern.params, staticPrefix: pattern.staticPrefix, summary }),
  };
}
