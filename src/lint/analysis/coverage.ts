/**
 * Route-level coverage: does an earlier route accept every request a later one does?
 * The structural proof (path, methods, host, headers, query) is then checked against the
 * real compiled matchers on a sample request, so lint can never disagree with the proxy:
 * when the sample says otherwise, the claim is dropped.
 */
import type { ResolvedRoute } from '../../config/resolved.js';
import type { CompiledMatch } from '../../pipeline/match/api.js';
import {
  conditionsCover,
  conditionsOverlap,
  hostsCover,
  hostsOverlap,
  methodsCover,
  methodsOverlap,
} from './conditions.js';
import { type PathSet, pathCovers } from './path-pattern.js';
import { sampleRequest } from './sample.js';

/** What coverage needs of a route: its resolved conditions and its compiled matcher. */
export interface CoverageRoute {
  readonly config: ResolvedRoute;
  readonly match: CompiledMatch;
}

type Match = ResolvedRoute['match'];

/**
 * Whether `a` accepts every request `b` accepts, restricted to `method` when given
 * (so several earlier routes can together cover a route's methods).
 */
export function routeCovers(a: CoverageRoute, b: CoverageRoute, method?: string): boolean {
  const am = a.config.match;
  const bm = b.config.match;
  const bMethods = method === undefined ? bm.methods : [method];
  const proven =
    methodsCover(am.methods, bMethods) &&
    hostsCover(am.host, bm.host) &&
    conditionsCover(am.headers, bm.headers) &&
    conditionsCover(am.query, bm.query) &&
    extrasCover(am, bm) &&
    pathCovers(pathSet(am), pathSet(bm));
  return proven && sampleAgrees(a, b, bMethods?.[0]);
}

/**
 * Whether `a`, evaluated first, takes requests that `b` was written for: `a`'s path covers
 * `b`'s, and some request provably meets both routes' methods, host and conditions.
 * A narrower `a` (`/health` before `/**`) is a deliberate exception and does not count.
 */
export function routeTakesRequestsOf(a: CoverageRoute, b: CoverageRoute): boolean {
  const am = a.config.match;
  const bm = b.config.match;
  return (
    methodsOverlap(am.methods, bm.methods) &&
    hostsOverlap(am.host, bm.host) &&
    conditionsOverlap(am.headers, bm.headers) &&
    conditionsOverlap(am.query, bm.query) &&
    extrasOverlap(am, bm) &&
    pathCovers(pathSet(am), pathSet(bm))
  );
}

/** A route's path condition as messages show it: `/users/:id`, `/^\/v\d+/`, `prefix /api`. */
export function showPath(match: Match): string {
  return match.prefix !== undefined ? `prefix ${match.prefix}` : String(match.path);
}

/** Methods both routes accept, for messages (`undefined`: any). */
export function sharedMethods(a: ResolvedRoute, b: ResolvedRoute): readonly string[] | undefined {
  const am = a.match.methods;
  const bm = b.match.methods;
  if (am === undefined) return bm;
  if (bm === undefined) return am;
  return am.filter((m) => bm.includes(m));
}

function pathSet(match: Match): PathSet {
  const pattern = match.prefix === undefined ? (match.path ?? '/**') : { prefix: match.prefix };
  return { pattern, caseInsensitive: match.caseInsensitive };
}

/**
 * clientIp, sample and grpc: `a` covers `b` only when it does not constrain them, or constrains
 * them exactly as `b` does (ranges and shares are not compared).
 */
function extrasCover(a: Match, b: Match): boolean {
  return (
    (a.clientIp === undefined || JSON.stringify(a.clientIp) === JSON.stringify(b.clientIp)) &&
    (a.sample === undefined || JSON.stringify(a.sample) === JSON.stringify(b.sample)) &&
    (a.grpc === undefined || a.grpc === b.grpc)
  );
}

/** Only `grpc: true` against `grpc: false` provably has no request in common. */
function extrasOverlap(a: Match, b: Match): boolean {
  return a.grpc === undefined || b.grpc === undefined || a.grpc === b.grpc;
}

// A request `b` accepts must also pass `a`'s real matcher. No sample (a RegExp path or
// condition) leaves the structural proof standing on its own.
function sampleAgrees(a: CoverageRoute, b: CoverageRoute, method: string | undefined): boolean {
  const sample = sampleRequest(b.config.match, method);
  if (!sample || !b.match.test(sample).ok) return true;
  return a.match.test(sample).ok;
}
