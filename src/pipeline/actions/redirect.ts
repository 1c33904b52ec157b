/** `redirect`: the gateway answers with a 3xx whose `Location` is built from the request. */
import type { RouteAction } from './api.js';
import { redirectLocation } from './redirect-location.js';

export const redirectAction: RouteAction = {
  name: 'redirect',
  selects: (route) => route.redirect !== undefined,
  run({ route, request, params }) {
    const redirect = route.config.redirect!;
    const location = redirectLocation(redirect, request, params);
    return {
      tail: {
        action: 'respond',
        status: redirect.status,
        response: { status: redirect.status, headers: { location }, body: '' },
      },
      steps: [
        { stage: 'redirect', ok: true, summary: `${redirect.status} → ${location}`, details: { location } },
      ],
    };
  },
};
