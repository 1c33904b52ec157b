/**
 * `gateway export gateway-api`: Kubernetes Gateway API objects (standard channel) — a `Gateway`,
 * one `HTTPRoute` per route (hostnames are per HTTPRoute), a `Service` per upstream, and a
 * `BackendTLSPolicy` for https:// upstreams. Auth, gateway-made answers and transcoding have no
 * standard HTTPRoute form: findings. Validated with @kubernetes-models/gateway-api in the tests.
 */
import { stringify } from 'yaml';
import type { ConfigAnalysis, RouteNeeds, UpstreamNeeds } from '../analysis.js';
import { leftOut } from '../shared/text.js';
import { reportServer, reportUnknown } from '../shared/unknown.js';
import { type Exporter, FindingList } from '../types.js';
import { routeFilters } from './filters.js';
import { precedenceFindings, routeMatches } from './matches.js';

/** A Kubernetes name (RFC 1123 label) from a gateway name: `usersByTenant` → `users-by-tenant`. */
export function kubeName(name: string): string {
  return (
    name
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63) || 'route'
  );
}

const GATEWAY = 'gateway';

export const gatewayApiExporter: Exporter = {
  name: 'gateway-api',
  description: 'Kubernetes Gateway API v1 objects (Gateway, HTTPRoute, Service, BackendTLSPolicy)',
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
    for (const needs of analysis.routes)
      placed.push({ at: needs.at, object: httpRoute(needs, analysis, findings) });
    const used = new Set(
      analysis.routes.flatMap((r) =>
        r.action.kind === 'upstream' && !r.action.transform ? [r.action.upstream] : [],
      ),
    );
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

function httpRoute(needs: RouteNeeds, analysis: ConfigAnalysis, findings: FindingList) {
  const { route } = needs;
  reportUnknown(needs, findings, 'Gateway API');
  const action = needs.action;
  if (action.kind === 'none') return undefined;
  if (action.kind !== 'upstream') {
    findings.unsupported(
      `${needs.at}.respond`,
      `an answer made by the gateway (${action.kind === 'health' ? 'health' : `status ${action.status}`}): HTTPRoute has no direct response — serve it from a small backend Service`,
    );
    return undefined;
  }
  if (needs.auth) {
    findings.unsupported(
      `${needs.at}.auth`,
      `auth (${needs.auth.providers.map((p) => p.type).join(', ')}): Gateway API's standard channel has none — use your implementation's policy (Envoy Gateway SecurityPolicy, Istio RequestAuthentication, …)`,
    );
  }
  if (action.transform) {
    findings.unsupported(
      needs.at,
      `REST→${action.transform === 'grpc' ? 'gRPC' : 'SOAP'} transcoding: Gateway API routes requests, it does not translate them${action.transform === 'grpc' ? ' (a GRPCRoute fits clients that already speak gRPC)' : ''}`,
    );
    return undefined;
  }
  if (needs.cors) {
    findings.approximate(
      `${needs.at}.cors`,
      "CORS: the HTTPRoute CORS filter is experimental — set it with your implementation's policy",
    );
  }
  const upstream = analysis.upstreams.find((u) => u.upstream.name === action.upstream)!;
  const hostnames = hostnamesOf(needs, findings);
  const timeout = route.timeout ?? upstream.upstream.timeouts.response;
  const rule: Record<string, unknown> = {
    matches: routeMatches(needs, findings),
    ...(() => {
      const filters = routeFilters(needs, findings);
      return filters.length > 0 ? { filters } : {};
    })(),
    backendRefs: [{ name: kubeName(upstream.upstream.name), port: servicePort(upstream) }],
    timeouts: { request: duration(timeout) },
  };
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: {
      name: kubeName(route.name),
      annotations: { 'gateway.dev/route': `${route.name} (${needs.at}, evaluated ${needs.rank + 1})` },
    },
    spec: {
      parentRefs: [{ name: GATEWAY }],
      ...(hostnames.length > 0 && { hostnames }),
      rules: [rule],
    },
  };
}

function hostnamesOf(needs: RouteNeeds, findings: FindingList): string[] {
  const out: string[] = [];
  for (const host of needs.route.match.host ?? []) {
    if (typeof host !== 'string')
      findings.unsupported(
        `${needs.at}.match.host`,
        `host RegExp ${host}: HTTPRoute hostnames are exact or *.wildcard`,
      );
    else if (/^[\d.]+$|:/.test(host))
      findings.approximate(
        `${needs.at}.match.host`,
        `host "${host}" is an IP address, which HTTPRoute hostnames cannot be — left out`,
      );
    else out.push(host);
  }
  return out;
}

function upstreamObjects(needs: UpstreamNeeds, findings: FindingList): unknown[] {
  const { upstream, at } = needs;
  if (upstream.balancer.type !== 'round-robin' && upstream.balancer.type !== 'weighted-round-robin') {
    findings.approximate(
      `${at}.balancer`,
      `balancer "${upstream.balancer.type}": the Service's endpoints are balanced by the implementation`,
    );
  }
  if (upstream.health.active || upstream.health.passive) {
    findings.approximate(
      `${at}.health`,
      'health checks: Kubernetes readiness probes decide which endpoints get traffic',
    );
  }
  if (upstream.balancer.stickyCookie) {
    findings.approximate(
      `${at}.balancer.stickyCookie`,
      'sticky cookie: HTTPRoute sessionPersistence is experimental',
    );
  }
  if (Number.isFinite(upstream.limits.maxConcurrent)) {
    findings.approximate(
      `${at}.limits`,
      "concurrency limits: set them with your implementation's backend policy",
    );
  }
  if (upstream.retries.attempts > 0)
    findings.approximate(`${at}.retries`, 'retries: the HTTPRoute retry field is experimental');
  const name = kubeName(upstream.name);
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      annotations: {
        'gateway.dev/targets': upstream.targets
          .map((t) => `${t.url}${t.weight !== 1 ? ` weight=${t.weight}` : ''}`)
          .join(' '),
      },
    },
    spec: {
      selector: { 'app.kubernetes.io/name': name },
      ports: [
        {
          name: needs.scheme === 'https' ? 'https' : 'http',
          port: servicePort(needs),
          targetPort: servicePort(needs),
        },
      ],
    },
  };
  if (needs.scheme !== 'https') return [service];
  const hostname = new URL(upstream.targets[0]!.url).hostname;
  return [
    service,
    {
      apiVersion: 'gateway.networking.k8s.io/v1alpha3',
      kind: 'BackendTLSPolicy',
      metadata: { name: `${name}-tls` },
      spec: {
        targetRefs: [{ group: '', kind: 'Service', name }],
        validation: { wellKnownCACertificates: 'System', hostname },
      },
    },
  ];
}

function servicePort(needs: UpstreamNeeds): number {
  const url = new URL(needs.upstream.targets[0]!.url);
  return Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
}

/** Gateway API's duration format: `1h2m3s4ms`. */
function duration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
    ['ms', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join('') || '0s';
}
