/**
 * `gateway export gateway-api`: Kubernetes Gateway API objects (standard channel) — a `Gateway`,
 * one `HTTPRoute` per route (http-route.ts: matches, filters for rewrites, header edits, mirrors
 * and redirects, weighted backends for splits) or a `GRPCRoute` for gRPC calls forwarded as they
 * are (grpc-route.ts), a `Service` per upstream, and a
 * `BackendTLSPolicy` for https:// upstreams. Auth, gateway-made answers, mocks, rate limits,
 * faults and transcoding have no standard HTTPRoute form: findings. Validated with
 * @kubernetes-models/gateway-api in the tests.
 */
import { stringify } from 'yaml';
import { leftOut } from '../shared/text.js';
import { reportServer } from '../shared/unknown.js';
import { type Exporter, FindingList } from '../types.js';
import { GATEWAY, httpRoute } from './http-route.js';
import { precedenceFindings } from './matches.js';
import { upstreamObjects } from './services.js';

export const gatewayApiExporter: Exporter = {
  name: 'gateway-api',
  description: 'Kubernetes Gateway API v1 objects (Gateway, HTTPRoute, GRPCRoute, Service, BackendTLSPolicy)',
  export(config, analysis) {
    const findings = new FindingList();
    // Each object with the key path its findings are under, so the file says what was left out where.
    const placed: { at: string | undefined; object: unknown }[] = [
      { at: undefined, object: gatewayObject(config.server.port, config.server.tls !== undefined) },
    ];
    precedenceFindings(analysis.routes, findings);
    reportServer(
      config.server,
      findings,
      'Gateway API',
      "tracing is the implementation's (Envoy Gateway, Istio…) to configure",
    );
    if (config.server.metrics)
      findings.unsupported(
        'server.metrics',
        'the metrics endpoint: each implementation exposes its own metrics',
      );
    const used = new Set<string>();
    for (const needs of analysis.routes) {
      const { object, upstreams } = httpRoute(needs, analysis, findings);
      placed.push({ at: needs.at, object });
      for (const name of upstreams) used.add(name);
    }
    for (const upstream of analysis.upstreams.filter((u) => used.has(u.upstream.name))) {
      for (const object of upstreamObjects(upstream, findings)) placed.push({ at: upstream.at, object });
    }
    const header = [
      `# Exported by \`gateway export gateway-api\`${config.file ? ` from ${config.file.split('/').pop()}` : ''}.`,
      `# Set spec.gatewayClassName to your implementation's class (Envoy Gateway, Istio, Cilium, …).`,
    ];
    // A route left out entirely leaves its comments on top of the next object.
    const docs: string[] = [];
    let pending = '';
    for (const { at, object } of placed) {
      const notes =
        at === undefined ? [] : findings.items.filter((f) => f.path === at || f.path.startsWith(`${at}.`));
      pending += notes.map((f) => `${leftOut(`${f.path}: ${f.message}`, '')}\n`).join('');
      if (object === undefined) continue;
      docs.push(pending + stringify(object, { lineWidth: 0, aliasDuplicateObjects: false }));
      pending = '';
    }
    const content = `${header.join('\n')}\n${docs.join('---\n')}${pending}`;
    return { files: [{ name: 'gateway-api.yaml', content }], findings: findings.items };
  },
};

function gatewayObject(port: number, tls: boolean) {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: GATEWAY },
    spec: {
      gatewayClassName: 'gateway',
      listeners: [
        tls
          ? {
              name: 'https',
              protocol: 'HTTPS',
              port,
              tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'gateway-tls' }] },
            }
          : { name: 'http', protocol: 'HTTP', port },
      ],
    },
  };
}
