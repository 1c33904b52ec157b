/**
 * `match/unsafe-regex`: a RegExp in a route (path, host, header or query condition, rewrite)
 * prone to catastrophic backtracking: one crafted request could keep the gateway busy for seconds.
 */
import { formatKeyPath } from '../../config/issues.js';
import { unsafeRegexReason } from '../analysis/regex-safety.js';
import type { LintRule, RuleFinding } from '../types.js';

export const matchUnsafeRegex: LintRule = {
  id: 'match/unsafe-regex',
  severity: 'warn',
  description: 'A regular expression is prone to catastrophic backtracking (ReDoS).',
  help: 'Remove the nested quantifier or the overlapping alternatives: `(a+)+` → `a+`, `(a|ab)*` → `(ab?)*`; prefer `[^/]+` to `.+`.',
  check({ user }) {
    const findings: RuleFinding[] = [];
    const check = (value: unknown, path: (string | number)[]) => {
      const source = regexSource(value);
      if (source === undefined) return;
      const reason = unsafeRegexReason(source);
      if (reason) {
        findings.push({
          path: formatKeyPath(path),
          message: `/${source}/ has ${reason}: a crafted request can make matching take exponential time — rewrite it without the repetition inside a repetition`,
        });
      }
    };
    user.routes.forEach((route, i) => {
      const base = ['routes', i, 'match'];
      check(route.match.path, [...base, 'path']);
      check(route.match.host, [...base, 'host']);
      for (const kind of ['headers', 'query'] as const) {
        for (const [name, value] of Object.entries(route.match[kind] ?? {}))
          check(value, [...base, kind, name]);
      }
      if (route.rewrite?.regex)
        check({ regex: route.rewrite.regex.pattern }, ['routes', i, 'rewrite', 'regex', 'pattern']);
    });
    return findings;
  },
};

// A RegExp, or `{ regex }` as JSON/YAML configs write one; anything else is not a regex.
function regexSource(value: unknown): string | undefined {
  if (value instanceof RegExp) return value.source;
  if (typeof value === 'object' && value !== null && 'regex' in value && typeof value.regex === 'string')
    return value.regex;
  return undefined;
}
