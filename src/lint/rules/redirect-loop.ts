/**
 * `redirect/loop`: a redirect whose `Location` the same route would take again, so a client
 * follows it forever. Checked on a request the route accepts (built from its conditions); only a
 * Location on the same scheme, host and port as that request counts, since anything else may be
 * served elsewhere. A route whose request cannot be built (a RegExp) is not judged.
 */
import { redirectLocation } from '../../pipeline/actions/redirect-location.js';
import type { NormalizedRequest } from '../../pipeline/types.js';
import { sampleRequest } from '../analysis/sample.js';
import type { LintRule, RuleFinding } from '../types.js';

export const redirectLoop: LintRule = {
  id: 'redirect/loop',
  severity: 'error',
  description: 'A redirect points at a URL the same route matches again, so clients follow it forever.',
  help: "Change the redirect target (or the route's match) so the new URL is handled by another route.",
  check({ routes, config }) {
    const scheme = config.server.tls ? 'https' : 'http';
    const findings: RuleFinding[] = [];
    for (const route of routes) {
      const redirect = route.config.redirect;
      if (redirect === undefined) continue;
      const sample = sampleRequest(route.config.match);
      if (sample === undefined) continue;
      const request: NormalizedRequest = { ...sample, scheme, port: String(config.server.port) };
      const matched = route.match.test(request);
      if (!matched.ok) continue;
      const location = redirectLocation(redirect, request, matched.params);
      const next = followed(location, request);
      if (next === undefined || !route.match.test(next).ok) continue;
      findings.push({
        path: `routes[${route.config.index}].redirect`,
        message: `"${route.config.name}" redirects ${request.path} to ${location}, which it matches again — clients would loop; redirect somewhere another route handles`,
      });
    }
    return findings;
  },
};

/** The request a client sends after following `location`, when it comes back to the same listener. */
function followed(location: string, from: NormalizedRequest): NormalizedRequest | undefined {
  const url = new URL(location);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (url.protocol !== `${from.scheme}:` || url.hostname !== from.host || port !== from.port)
    return undefined;
  return { ...from, path: url.pathname, rawPath: url.pathname, query: url.search.slice(1) };
}
