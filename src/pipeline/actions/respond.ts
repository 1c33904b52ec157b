/** `respond`: the gateway answers itself — a static response, or `'health'` (its own health report). */
import type { RouteAction } from './api.js';
import { healthReport } from './health-report.js';

export const respondAction: RouteAction = {
  name: 'respond',
  selects: (route) => route.respond !== undefined,
  run({ route, table, ctx }) {
    const respond = route.config.respond!;
    const response =
      respond.kind === 'health'
        ? healthReport(table, ctx.pools, ctx.now())
        : {
            status: respond.status,
            headers: respond.headers,
            body: respond.body ?? (respond.json === undefined ? '' : JSON.stringify(respond.json)),
          };
    return {
      tail: { action: 'respond', status: response.status, response },
      steps: [{ stage: 'respond', ok: true, summary: `answered by the gateway with ${response.status}` }],
    };
  },
};
