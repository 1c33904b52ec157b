/**
 * `metrics/shadows-route`: `server.metrics` answers GET on its path before any route is matched,
 * so a route that would take that request never sees it.
 */
import type { NormalizedRequest } from '../../pipeline/types.js';
import type { LintRule } from '../types.js';

export const metricsShadowsRoute: LintRule = {
  id: 'metrics/shadows-route',
  severity: 'warn',
  description:
    'A route matches GET on the metrics path, which the gateway answers before any route (server.metrics).',
  help: 'Give the metrics endpoint another `server.metrics.path`, or narrow the route, so each request has one owner.',
  check({ config, routes }) {
    const metrics = config.server.metrics;
    if (metrics === undefined) return [];
    const scrape: NormalizedRequest = {
      method: 'GET',
      path: metrics.path,
      rawPath: metrics.path,
      query: '',
      host: 'localhost',
      headers: { host: 'localhost' },
      clientIp: '127.0.0.1',
      scheme: 'http',
      readBody: undefined,
    };
    return routes
      .filter((route) => route.match.test(scrape).ok)
      .map((route) => ({
        path: `routes[${route.config.index}].match`,
        message: `route "${route.config.name}" matches GET ${metrics.path}, which server.metrics answers first — the route never sees it; move the endpoint (server.metrics.path) or narrow the route`,
      }));
  },
};
