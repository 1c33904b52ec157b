/**
 * `defaults`: values for route and upstream options that a route or upstream does not set.
 * Which options can be defaulted is one list per kind below; a new route or upstream option
 * becomes defaultable by adding its name there (and nowhere else).
 * Precedence: the route's (upstream's) own value > `defaults` > the built-in default. A value
 * given on the route replaces the default's value as a whole (objects are not merged).
 */
import { z } from 'zod';
import { routeSchema } from './route.js';
import { upstreamObjectSchema } from './upstream.js';

/** Route options that `defaults` may carry. */
export const DEFAULTABLE_ROUTE_KEYS = [
  'auth',
  'timeout',
  'websocket',
  'methodNotAllowed',
  'cors',
  'responseHeaders',
  'fault',
  'rateLimit',
] as const;

/** Upstream options that `defaults.upstream` may carry. */
export const DEFAULTABLE_UPSTREAM_KEYS = [
  'balancer',
  'health',
  'timeouts',
  'retries',
  'limits',
  'changeOrigin',
  'tls',
] as const;

export type DefaultableRouteKey = (typeof DEFAULTABLE_ROUTE_KEYS)[number];
export type DefaultableUpstreamKey = (typeof DEFAULTABLE_UPSTREAM_KEYS)[number];

function mask<K extends string>(keys: readonly K[]): { [P in K]: true } {
  return Object.fromEntries(keys.map((key) => [key, true])) as { [P in K]: true };
}

export const defaultsSchema = routeSchema.pick(mask(DEFAULTABLE_ROUTE_KEYS)).extend({
  /**
   * Options for every upstream that does not set them (the shorthand `name: 'http://…'` too).
   * @example { timeouts: { response: '5s' }, retries: { attempts: 1 } }
   */
  upstream: upstreamObjectSchema.pick(mask(DEFAULTABLE_UPSTREAM_KEYS)).optional(),
});
export type DefaultsConfig = z.input<typeof defaultsSchema>;
