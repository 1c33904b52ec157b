/**
 * `responseHeaders` (the route's, else `defaults.responseHeaders`): remove, then set, then add, as
 * gateway edits the answers it forwards (`http-response`) and the answers it makes for the route —
 * redirects, mocks, `respond` — (`http-after-response`, which also sees HAProxy's own answers,
 * limited by a variable set just before the route's answer). Like gateway, problem answers
 * (401, 429, an injected abort, 502–504) are left as they are. `add` is another field line:
 * the same value as gateway's comma-joined one (RFC 9110 §5.3), and what it does for Set-Cookie.
 */
import type { ResolvedResponseHeaders } from '../../config/resolved.js';
import { lf, sq } from './text.js';

/** Marks the transaction as answered by the route itself (put it right before the answer). */
export const ANSWERED_HERE = '  http-request set-var(txn.gw_answered) bool(true)';

/** The edit rules: for forwarded answers (`forwarded`) or for the route's own answers. */
export function responseHeaderRules(
  edits: ResolvedResponseHeaders | undefined,
  forwarded: boolean,
): string[] {
  if (edits === undefined) return [];
  const [keyword, condition] = forwarded
    ? ['http-response', '']
    : ['http-after-response', ' if { var(txn.gw_answered) -m bool }'];
  return [
    ...edits.remove.map((name) => `  ${keyword} del-header ${name}${condition}`),
    ...Object.entries(edits.set).map(
      ([name, value]) => `  ${keyword} set-header ${name} ${sq(lf(value))}${condition}`,
    ),
    ...Object.entries(edits.add).map(
      ([name, value]) => `  ${keyword} add-header ${name} ${sq(lf(value))}${condition}`,
    ),
  ];
}

/** Edits for a route answering itself: the marker before the answer, the edits after it. */
export function answeredHere(edits: ResolvedResponseHeaders | undefined): {
  before: string[];
  after: string[];
} {
  if (edits === undefined) return { before: [], after: [] };
  return { before: [ANSWERED_HERE], after: responseHeaderRules(edits, false) };
}
