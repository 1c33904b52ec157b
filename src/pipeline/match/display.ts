/**
 * How match conditions and request values are shown in explain, the UI and 404 hints: short,
 * and never revealing a credential.
 */
import type { ValueMatcher } from '../../config/resolved.js';

const MAX_SHOWN = 60;
const SENSITIVE_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key']);
// Query parameters and custom headers that usually carry credentials.
const SENSITIVE_NAME = /key|token|secret|passw|auth|session|signature/i;

/** `true` for header/query names whose values are never printed. */
export function isSensitive(name: string): boolean {
  return SENSITIVE_HEADERS.has(name) || SENSITIVE_NAME.test(name);
}

/** A request value as shown: `(missing)`, `[redacted]`, or the value cut to ~60 characters. */
export function showActual(values: readonly string[], name?: string): string {
  if (values.length === 0) return '(missing)';
  if (name !== undefined && isSensitive(name)) return '[redacted]';
  return truncate(values.length === 1 ? values[0]! : values.join(', '));
}

/** What a value matcher expects: `present`, `absent`, `"acme"`, `/^2\./`. */
export function showExpected(matcher: ValueMatcher, name: string): string {
  if (matcher.first) return `first ${showExpected({ ...matcher, first: false }, name)}`;
  switch (matcher.kind) {
    case 'present':
      return 'present';
    case 'absent':
      return 'absent';
    case 'exact':
      return isSensitive(name) ? '[redacted]' : JSON.stringify(matcher.value);
    case 'regex':
      return isSensitive(name) ? 'matching [redacted]' : `matching ${String(matcher.regex)}`;
  }
}

/** Cuts a value to ~60 characters, marking the cut. */
export function truncate(value: string): string {
  return value.length > MAX_SHOWN ? value.slice(0, MAX_SHOWN - 1) + '…' : value;
}
