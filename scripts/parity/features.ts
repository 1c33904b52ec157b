/**
 * The feature-by-engine table: for each feature of the demo config, whether an engine's export
 * keeps it (✔), approximates it (≈, an `export/approximate` finding) or leaves it out (✘, an
 * `export/unsupported` finding) — read from the exporter's own findings, so it cannot drift.
 */
import type { ExportFinding } from '../../src/export/types.js';

/** The auth provider types of the route a finding is on (`routes[3].auth` → `['jwt']`). */
export type AuthTypes = (path: string) => readonly string[];

interface Feature {
  readonly name: string;
  /** Which findings are about this feature. */
  readonly about: (finding: ExportFinding, authTypes: AuthTypes) => boolean;
}

const on = (path: RegExp, message?: RegExp) => (f: ExportFinding) =>
  path.test(f.path) && (message === undefined || message.test(f.message));
const auth = (type: string) => (f: ExportFinding, authTypes: AuthTypes) =>
  /\.auth(\.|$)/.test(f.path) && authTypes(f.path).includes(type);

export const FEATURES: readonly Feature[] = [
  { name: 'first-match order', about: on(/\.match$/) },
  { name: 'path patterns (exact, prefix, params, regex)', about: on(/\.match\.path$/) },
  { name: 'methods, host, headers, query', about: on(/\.match\.(methods|host|headers|query)/) },
  { name: 'prefix rewrites', about: on(/\.rewrite$/) },
  { name: 'regex and template rewrites', about: on(/\.rewrite\.(regex|path)$/) },
  { name: 'query edits', about: on(/\.rewrite\.query$/) },
  { name: 'byte prefixes (`match.prefix`)', about: on(/\.match\.prefix$/) },
  { name: 'answers made by the gateway', about: on(/\.respond$/) },
  { name: 'redirects', about: on(/\.redirect(\.|$)/) },
  { name: 'response header edits', about: on(/\.responseHeaders(\.|$)/) },
  { name: 'traffic splits', about: on(/\.split(\.|$)/) },
  { name: 'mirrors', about: on(/\.mirror(\.|$)/) },
  { name: 'rate limits', about: on(/\.rateLimit(\.|$)/) },
  { name: 'fault aborts', about: on(/\.fault(\.(abort|headers))?$/) },
  { name: 'fault delays and bandwidth', about: on(/\.fault(\.(delay|bandwidth|headers))?$/) },
  {
    name: 'mocks with answers',
    about: (f) => /\.mock(\.|$)/.test(f.path) && !/\.openapi$/.test(f.path) && !/OpenAPI/.test(f.message),
  },
  { name: 'mocks from an OpenAPI document', about: on(/\.mock(\.openapi)?$/, /OpenAPI/) },
  { name: 'weighted / least-conn / hash / p2c balancing', about: on(/\.balancer$/) },
  { name: 'sticky cookies', about: on(/\.stickyCookie$/) },
  { name: 'active health checks', about: on(/\.health(\.active)?$/) },
  { name: 'retries', about: on(/\.retries$/) },
  { name: 'concurrency limits', about: on(/\.limits$/) },
  { name: 'CORS', about: on(/\.cors$/) },
  { name: 'Basic auth', about: (f, types) => auth('basic')(f, types) || /^auth\.[^.]+\.users/.test(f.path) },
  { name: 'API keys', about: auth('api-key') },
  { name: 'forward auth', about: auth('forward') },
  { name: 'JWT', about: auth('jwt') },
  { name: 'metrics endpoint', about: on(/^server\.metrics$/) },
  { name: 'W3C trace context (own span)', about: on(/^server$/, /trace context/) },
  { name: 'REST→gRPC transcoding', about: on(/^routes\[\d+\]$/, /gRPC/) },
  { name: 'REST→SOAP transcoding', about: on(/^routes\[\d+\]$/, /SOAP/) },
];

/** `✔`, `≈` or `✘` for each feature, given one engine's findings. */
export function featureMarks(findings: readonly ExportFinding[], authTypes: AuthTypes): string[] {
  return FEATURES.map((feature) => {
    const mine = findings.filter((f) => feature.about(f, authTypes));
    if (mine.some((f) => f.severity === 'error')) return '✘';
    return mine.length > 0 ? '≈' : '✔';
  });
}

/** A Markdown table: features down, engines across. */
export function featureTable(
  engines: readonly { name: string; findings: readonly ExportFinding[] }[],
  authTypes: AuthTypes,
): string {
  const marks = engines.map((e) => featureMarks(e.findings, authTypes));
  const lines = [
    `| feature | ${engines.map((e) => e.name).join(' | ')} |`,
    `| --- | ${engines.map(() => ':-:').join(' | ')} |`,
    ...FEATURES.map((feature, i) => `| ${feature.name} | ${marks.map((m) => m[i]).join(' | ')} |`),
  ];
  return `${lines.join('\n')}\n`;
}
