/**
 * `ResolvedConfig`: what the program uses. Every default filled in, every duration in
 * milliseconds, every size in bytes, every file path absolute, every shorthand expanded.
 * Only `resolveConfig` (resolve.ts) builds one from a `UserConfig`.
 */
import type { BalancerName, HashKey, RouteTestConfig, Secret } from './schema/index.js';

export type LintSeverity = 'off' | 'warn' | 'error';

/**
 * A header/query condition after resolution. `first`: only the first occurrence counts (query
 * `occurrence: 'first'`); otherwise any occurrence may match.
 */
export type ValueMatcher = (
  | { readonly kind: 'present' }
  | { readonly kind: 'absent' }
  | { readonly kind: 'exact'; readonly value: string }
  | { readonly kind: 'regex'; readonly regex: RegExp }
) & { readonly first?: boolean };

export interface ResolvedCors {
  readonly origins: '*' | readonly (string | RegExp)[];
  readonly methods: readonly string[];
  /** `undefined`: reflect what the preflight asks for. */
  readonly headers: readonly string[] | undefined;
  readonly exposeHeaders: readonly string[];
  readonly credentials: boolean;
  readonly maxAgeSeconds: number;
}

export interface ResolvedServer {
  readonly host: string;
  readonly port: number;
  readonly tls: { readonly cert: string; readonly key: string } | undefined;
  readonly trustedProxies: readonly string[];
  readonly limits: {
    readonly headerSize: number;
    readonly bodySize: number;
    readonly headersTimeout: number;
    readonly requestTimeout: number;
    readonly shutdownGrace: number;
  };
  readonly cors: ResolvedCors | undefined;
  /** The metrics endpoint, when enabled. */
  readonly metrics: { readonly path: string; readonly allow: readonly string[] } | undefined;
}

export interface ResolvedTarget {
  /** `host:port`, unique within the upstream; what logs, traces and tests show. */
  readonly id: string;
  readonly url: string;
  readonly weight: number;
}

export interface ResolvedUpstream {
  readonly name: string;
  readonly protocol: 'http' | 'grpc' | 'soap';
  readonly targets: readonly ResolvedTarget[];
  readonly balancer: {
    readonly type: BalancerName;
    readonly key: HashKey | undefined;
    readonly stickyCookie: string | undefined;
  };
  readonly health: {
    readonly active:
      | {
          readonly path: string;
          readonly interval: number;
          readonly timeout: number;
          readonly healthyThreshold: number;
          readonly unhealthyThreshold: number;
          /** Empty: any 2xx. */
          readonly expectedStatus: readonly number[];
        }
      | undefined;
    readonly passive:
      | { readonly consecutiveFailures: number; readonly baseEjection: number; readonly maxEjection: number }
      | undefined;
  };
  readonly timeouts: { readonly connect: number; readonly response: number };
  readonly retries: {
    readonly attempts: number;
    readonly methods: readonly string[];
    readonly statuses: readonly number[];
    readonly backoff: number;
    readonly perTryTimeout: number | undefined;
    readonly bufferBodyUpTo: number;
  };
  readonly limits: { readonly maxConcurrent: number; readonly maxPending: number };
  readonly changeOrigin: boolean;
  readonly tlsInsecure: boolean;
  readonly grpc:
    | {
        readonly protos: readonly string[];
        readonly includeDirs: readonly string[];
        readonly forwardHeaders: readonly string[];
        readonly returnMetadata: readonly string[];
        /** Show default-valued fields in JSON answers. */
        readonly emitDefaults: boolean;
      }
    | undefined;
  readonly soap: { readonly wsdl: string; readonly version: '1.1' | '1.2' } | undefined;
  /** Options whose value came from `defaults.upstream` (shown by explain as "from defaults"). */
  readonly fromDefaults?: readonly string[];
}

export type ResolvedAuthProvider = { readonly name: string } & (
  | {
      readonly type: 'api-key';
      readonly header: string | undefined;
      readonly query: string | undefined;
      readonly keys: readonly { name: string; key: Secret }[];
    }
  | {
      readonly type: 'basic';
      readonly realm: string;
      readonly users: readonly { name: string; hash: Secret }[];
    }
  | {
      readonly type: 'jwt';
      readonly algorithms: readonly string[];
      readonly secret: Secret | undefined;
      /** Absolute path. */
      readonly publicKey: string | undefined;
      /** Absolute path or URL. */
      readonly jwks: string | undefined;
      readonly issuer: readonly string[] | undefined;
      readonly audience: readonly string[] | undefined;
      readonly clockTolerance: number;
      /** Tokens without `exp` are refused. */
      readonly requireExpiry: boolean;
      /** Milliseconds; tokens issued longer ago are refused. */
      readonly maxTokenAge: number | undefined;
      readonly requiredClaims: Readonly<Record<string, true | string | number | boolean>>;
      readonly rolesClaim: string;
      readonly maxTokenSize: number;
    }
  | {
      readonly type: 'forward';
      readonly url: string;
      readonly requestHeaders: readonly string[];
      readonly responseHeaders: readonly string[];
      readonly timeout: number;
      /** Status when the auth service does not answer in time (504 by default). */
      readonly timeoutStatus: number;
      /** Status when the auth service cannot be reached (503 by default). */
      readonly unreachableStatus: number;
    }
);

/** What a route requires of its caller; `null` on a route means public. */
export interface ResolvedRouteAuth {
  readonly providers: readonly string[];
  readonly scopes: readonly string[];
  readonly roles: readonly string[];
  readonly forwardCredential: boolean;
  /** Header name (lower-case) → claim (or `name` for api-key/basic identities). */
  readonly identityHeaders: Readonly<Record<string, string>>;
}

export interface ResolvedRewrite {
  readonly stripPrefix: string | undefined;
  readonly replacePrefix: { readonly from: string; readonly to: string } | undefined;
  readonly regex: ResolvedRegexReplace | undefined;
  readonly path: string | undefined;
  /** The upstream `Host`: a literal, or the picked target's (`target`). */
  readonly host:
    | { readonly kind: 'literal'; readonly value: string }
    | { readonly kind: 'target' }
    | undefined;
  readonly headers: { readonly set: Readonly<Record<string, string>>; readonly remove: readonly string[] };
  readonly query: { readonly set: Readonly<Record<string, string>>; readonly remove: readonly string[] };
}

export type ResolvedRespond =
  | { readonly kind: 'health' }
  | {
      readonly kind: 'static';
      readonly status: number;
      readonly json: unknown;
      readonly body: string | undefined;
      readonly headers: Readonly<Record<string, string>>;
    };

/** A regex replace, compiled: `g` in the flags replaces every match. */
export interface ResolvedRegexReplace {
  readonly pattern: RegExp;
  readonly replacement: string;
}

/** `redirect`, resolved: the parts of `Location` that change, and how the path is built. */
export interface ResolvedRedirect {
  readonly scheme: 'http' | 'https' | undefined;
  readonly host: string | undefined;
  readonly port: number | undefined;
  /**
   * `template`: the whole path from a template with params; `prefix`: the route's byte `prefix`
   * (`from`) replaced; `rest`: the literal part before the route's final `/**` replaced (the rest
   * is the `**` parameter); `regex`: a regex replace; `keep`: the request's path.
   */
  readonly path:
    | { readonly kind: 'keep' }
    | { readonly kind: 'template'; readonly template: string }
    | { readonly kind: 'prefix'; readonly from: string; readonly to: string }
    | { readonly kind: 'rest'; readonly to: string }
    | ({ readonly kind: 'regex' } & ResolvedRegexReplace);
  readonly stripQuery: boolean;
  readonly status: 301 | 302 | 303 | 307 | 308;
}

/** Response header edits (names lower-case): `remove`, then `set`, then `add`. */
export interface ResolvedResponseHeaders {
  readonly set: Readonly<Record<string, string>>;
  readonly add: Readonly<Record<string, string>>;
  readonly remove: readonly string[];
}

/** A traffic split between upstreams, and how a caller is kept on one side. */
export interface ResolvedSplit {
  readonly upstreams: readonly { readonly name: string; readonly weight: number }[];
  /** Header names lower-case. */
  readonly pin: { readonly kind: 'header' | 'cookie'; readonly name: string } | undefined;
}
/** `fault`, resolved: durations in ms, percents filled in, bandwidth in bytes per second. */
export interface ResolvedFault {
  /** `min === max` for a fixed delay. */
  readonly delay: { readonly min: number; readonly max: number; readonly percent: number } | undefined;
  readonly abort:
    | { readonly status: number; readonly percent: number; readonly grpcStatus: number | undefined }
    | undefined;
  /** Bytes per second. */
  readonly bandwidth: number | undefined;
  /** `x-gateway-fault-*` request headers are honoured. */
  readonly headers: boolean;
}

/** `rateLimit`, resolved: a token bucket's size and refill, and whose bucket a request uses. */
export interface ResolvedRateLimit {
  readonly requests: number;
  /** The window in milliseconds. */
  readonly per: number;
  /** The bucket's size. */
  readonly burst: number;
  readonly key:
    | { readonly kind: 'ip' }
    | { readonly kind: 'header'; readonly name: string }
    | { readonly kind: 'identity' }
    | { readonly kind: 'apiKey' };
}

/** One mock answer, resolved: header names lower-case, `file` absolute, latency in ms. */
export interface ResolvedMockAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly json: unknown;
  readonly body: string | undefined;
  readonly file: string | undefined;
  readonly latency: number;
}

/** `mock`, resolved: answers given in turn, or an OpenAPI document (absolute path). */
export type ResolvedMock =
  | { readonly kind: 'answers'; readonly answers: readonly ResolvedMockAnswer[]; readonly loop: boolean }
  | { readonly kind: 'openapi'; readonly file: string };

export interface ResolvedRoute {
  readonly name: string;
  /** Position in the config's `routes` array. */
  readonly index: number;
  readonly match: {
    /** A string pattern (exact, `:param`, globs) or a RegExp; `undefined` when `prefix` is given. */
    readonly path: string | RegExp | undefined;
    /** Byte prefix (Envoy's `prefix`); `undefined` when `path` is given. */
    readonly prefix: string | undefined;
    /** Upper-case; `undefined`: any. */
    readonly methods: readonly string[] | undefined;
    /** Exact or `*.suffix` strings (lower-case, optionally `:port` or `:*`), or RegExps; `undefined`: any. */
    readonly host: readonly (string | RegExp)[] | undefined;
    /** Lower-case names. */
    readonly headers: Readonly<Record<string, ValueMatcher>>;
    readonly query: Readonly<Record<string, ValueMatcher>>;
    /** CIDR ranges or addresses; `undefined`: any client. */
    readonly clientIp: readonly string[] | undefined;
    /** Share of callers (by a hash of `key`) the route accepts. */
    readonly sample: { readonly rate: number; readonly key: HashKey } | undefined;
    /** `true`: gRPC requests only; `false`: non-gRPC only; `undefined`: either. */
    readonly grpc: boolean | undefined;
    readonly caseInsensitive: boolean;
    readonly allowEncodedSlashes: boolean;
    /** Accept dot segments with `;` parameters (`..;x`), kept as is. */
    readonly allowPathParameters: boolean;
  };
  /** The one upstream; `undefined` for a split (`split`) or a gateway answer. */
  readonly upstream: string | undefined;
  readonly split: ResolvedSplit | undefined;
  /** Copies of forwarded requests; `maxBody` in bytes. */
  readonly mirror:
    | { readonly upstream: string; readonly percent: number; readonly maxBody: number }
    | undefined;
  readonly respond: ResolvedRespond | undefined;
  readonly redirect: ResolvedRedirect | undefined;
  /** `undefined` unless the route's action is `mock`. */
  readonly mock?: ResolvedMock | undefined;
  readonly rewrite: ResolvedRewrite | undefined;
  /** The route's, else `defaults.responseHeaders`. */
  readonly responseHeaders: ResolvedResponseHeaders | undefined;
  /** `null`: public. */
  readonly auth: ResolvedRouteAuth | null;
  /** Where `auth` came from: the route itself, `defaults.auth`, or nowhere (public by default). */
  readonly authSource: 'route' | 'default' | 'none';
  readonly priority: number;
  /** Milliseconds; `undefined`: the upstream's `timeouts.response`. */
  readonly timeout: number | undefined;
  readonly websocket: boolean;
  /** Answer 405 with `Allow` when only the method fails (`false`: 404 as if absent). */
  readonly methodNotAllowed: boolean;
  /** `undefined`: `server.cors`; `false`: none. */
  readonly cors: ResolvedCors | false | undefined;
  /** `body`/`responseBody`: field paths, only for a declared method (`'*'` and `undefined` by default). */
  readonly grpc:
    | {
        readonly method: string;
        readonly body: string;
        readonly responseBody: string | undefined;
        /** Accepts gRPC-Web requests (`grpcWeb: true`). */
        readonly web: boolean;
      }
    | undefined;
  readonly soap: { readonly operation: string } | undefined;
  /** The route's own `fault`, else `defaults.fault`. */
  readonly fault?: ResolvedFault | undefined;
  /** The route's own `rateLimit`, else `defaults.rateLimit`. */
  readonly rateLimit?: ResolvedRateLimit | undefined;
  /** Options whose value came from `defaults` (shown by explain as "from defaults"). */
  readonly fromDefaults?: readonly string[];
}

export interface ResolvedConfig {
  /** Absolute path of the config file (`undefined` for configs built in memory). */
  readonly file: string | undefined;
  /** Folder relative paths in the config are resolved against. */
  readonly dir: string;
  readonly server: ResolvedServer;
  readonly upstreams: Readonly<Record<string, ResolvedUpstream>>;
  readonly auth: Readonly<Record<string, ResolvedAuthProvider>>;
  readonly routes: readonly ResolvedRoute[];
  readonly tests: readonly RouteTestConfig[];
  readonly lint: { readonly rules: Readonly<Record<string, LintSeverity>> };
}
