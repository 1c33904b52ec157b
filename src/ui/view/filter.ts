/**
 * The `/` filter: what a typed filter text keeps in the request list. A three-digit number keeps
 * that status, `4xx` a status class; anything else is a case-insensitive substring of the path or
 * the route name.
 */
import type { FinishedRequest } from '../store/store.js';

/** Whether a request stays in the list. */
export type RequestFilter = (request: FinishedRequest) => boolean;

const keepAll: RequestFilter = () => true;

/**
 * Compiles the filter text once (when it is applied), so the per-row test is a comparison.
 * @example compileFilter('5xx')(request) // status 500–599
 */
export function compileFilter(text: string): RequestFilter {
  const needle = text.trim().toLowerCase();
  if (needle === '') return keepAll;
  if (/^\d{3}$/.test(needle)) {
    const status = Number(needle);
    return (r) => r.status === status;
  }
  const statusClass = /^([1-5])xx$/.exec(needle);
  if (statusClass) {
    const low = Number(statusClass[1]) * 100;
    return (r) => r.status >= low && r.status < low + 100;
  }
  return (r) =>
    r.url.toLowerCase().includes(needle) || (r.decision?.route?.name.toLowerCase().includes(needle) ?? false);
}
