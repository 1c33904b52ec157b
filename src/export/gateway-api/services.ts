/**
 * The objects behind each upstream an HTTPRoute sends to (or mirrors to): a `Service` whose
 * selector you point at your pods, and a `BackendTLSPolicy` for https:// upstreams. What the
 * upstream's balancer, health checks, retries and limits do is the implementation's: findings.
 */
import type { UpstreamNeeds } from '../analysis.js';
import type { FindingList } from '../types.js';
import { kubeName } from './names.js';

/** A `backendRef` to the upstream's Service. */
export function backendRef(needs: UpstreamNeeds): { name: string; port: number } {
  return { name: kubeName(needs.upstream.name), port: servicePort(needs) };
}

/** The Service (and BackendTLSPolicy) for one upstream, with findings for what they cannot say. */
export function upstreamObjects(needs: UpstreamNeeds, findings: FindingList): unknown[] {
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
      // v1 since Gateway API v1.4 (standard channel); v1alpha3 was experimental only.
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'BackendTLSPolicy',
      metadata: { name: `${name}-tls` },
      spec: {
        targetRefs: [{ group: '', kind: 'Service', name }],
        validation: { wellKnownCACertificates: 'System', hostname },
      },
    },
  ];
}

export function servicePort(needs: UpstreamNeeds): number {
  const url = new URL(needs.upstream.targets[0]!.url);
  return Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
}
