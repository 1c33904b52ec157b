/**
 * The safety net for features added to gateway after an exporter was written: any route,
 * match or rewrite key the analysis does not know, when set, is a finding — an exporter never
 * drops a route's behaviour silently. Teaching the analysis the key removes it from here.
 */

const KNOWN_ROUTE = new Set([
  'name',
  'index',
  'match',
  'upstream',
  'respond',
  'rewrite',
  'auth',
  'authSource',
  'priority',
  'timeout',
  'websocket',
  'cors',
  'grpc',
  'soap',
  'fromDefaults',
  'methodNotAllowed',
]);
const KNOWN_MATCH = new Set([
  'path',
  'prefix',
  'methods',
  'host',
  'headers',
  'query',
  'caseInsensitive',
  'allowEncodedSlashes',
]);
const KNOWN_REWRITE = new Set(['stripPrefix', 'replacePrefix', 'regex', 'path', 'headers', 'query']);

/** Key paths (relative to the route: `redirect`, `match.clientIp`) of set features the exporters do not know. */
export function unknownFeatures(route: object): string[] {
  const out: string[] = [];
  const scan = (value: object | undefined, known: Set<string>, prefix: string) => {
    for (const [key, inner] of Object.entries(value ?? {}))
      if (!known.has(key) && isSet(inner)) out.push(`${prefix}${key}`);
  };
  const r = route as { match?: object; rewrite?: object };
  scan(route, KNOWN_ROUTE, '');
  scan(r.match, KNOWN_MATCH, 'match.');
  scan(r.rewrite, KNOWN_REWRITE, 'rewrite.');
  return out;
}

function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.values(value as object).some(isSet);
  return true;
}

/**
 * Reports each of a route's unknown features as unsupported; returns the messages (for comments).
 * `exported`: the key paths (`redirect`, `split`, `match.clientIp`) this exporter translates
 * itself although the shared analysis does not know them.
 */
export function reportUnknown(
  needs: {
    readonly at: string;
    readonly unknown: readonly string[];
    readonly route: {
      readonly methodNotAllowed?: boolean;
      readonly match: { readonly methods: readonly string[] | undefined };
    };
  },
  findings: {
    unsupported(path: string, message: string): string;
    approximate(path: string, message: string): string;
  },
  engine: string,
  exported: ReadonlySet<string> = new Set(),
): string[] {
  // gateway answers 405 (with Allow) when only the method fails; the engines find no route: 404.
  const notes: string[] = [];
  if (needs.route.methodNotAllowed && needs.route.match.methods) {
    notes.push(
      findings.approximate(
        `${needs.at}.methodNotAllowed`,
        `a request with another method gets 404 from ${engine}, not gateway's 405 with Allow`,
      ),
    );
  }
  return notes.concat(
    needs.unknown
      .filter((key) => !exported.has(key))
      .map((key) =>
        findings.unsupported(
          `${needs.at}.${key}`,
          `\`${key}\` is not exported to ${engine} yet — the route behaves as if it were not set`,
        ),
      ),
  );
}

const KNOWN_SERVER = new Set(['host', 'port', 'tls', 'trustedProxies', 'limits', 'cors', 'metrics']);

/**
 * Server-level findings every exporter reports: set server keys no exporter knows, and gateway's
 * always-on W3C trace context (a span per request, its own span id in the `traceparent` sent
 * upstream), which engines without a tracer do not reproduce.
 */
export function reportServer(
  server: object,
  findings: {
    unsupported(path: string, message: string): string;
    approximate(path: string, message: string): string;
  },
  engine: string,
  traceContext: string,
): void {
  for (const [key, value] of Object.entries(server)) {
    if (!KNOWN_SERVER.has(key) && isSet(value)) {
      findings.unsupported(`server.${key}`, `\`server.${key}\` is not exported to ${engine} yet`);
    }
  }
  findings.approximate(
    'server.limits',
    `request hardening: gateway answers 400 to paths it will not normalize (\`..;\`, encoded dot segments); ${engine} normalizes by its own rules`,
  );
  // Routing is the same; only the span ids differ, so it is an approximation.
  findings.approximate(
    'server',
    `W3C trace context: gateway sends its own span as the upstream's parent; ${traceContext}`,
  );
}

/** Metrics `allow` entries as CIDR ranges (`loopback` → 127.0.0.0/8 and ::1). */
export function allowRanges(allow: readonly string[]): string[] {
  return allow.flatMap((entry) => (entry === 'loopback' ? ['127.0.0.0/8', '::1'] : [entry]));
}
