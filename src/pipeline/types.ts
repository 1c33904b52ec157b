/**
 * The pipeline's data: what goes in (`RequestInput`), what every stage sees
 * (`NormalizedRequest`) and what comes out (`Decision`, with its `trace`).
 * Everything here is plain data, so `--json`, the UI, the log and `gateway test`
 * can show or compare it with nothing extra.
 */

import type { FaultOutcome } from './fault/index.js';
import type { RateLimitOutcome } from './rate-limit/index.js';
import type { TraceContext } from './trace-context.js';

/** Header map as node gives it: lower-case names. */
export type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** A request as an edge (the proxy, `explain`, `gateway test`) hands it to `decide`. */
export interface RequestInput {
  readonly method: string;
  /** The request-target: `/path?query`, or an absolute URL whose host takes part in host matching. */
  readonly url: string;
  readonly headers: Headers;
  /** The TCP peer address. */
  readonly remoteAddress: string;
  readonly scheme: 'http' | 'https';
  /**
   * Reads the whole body. Only stages that need it (gRPC/SOAP transforms) call it, so plain
   * HTTP routes keep streaming. `undefined`: no body.
   */
  readonly readBody?: () => Promise<Uint8Array>;
}

/** The request after normalization; every stage after `normalize` reads only this. */
export interface NormalizedRequest {
  /** Upper-case. */
  readonly method: string;
  /** Normalized path: dot segments removed, slashes merged, unreserved characters decoded. */
  readonly path: string;
  /** The path as received (for the trace). */
  readonly rawPath: string;
  /** Query string without `?` (as received, `''` when none). */
  readonly query: string;
  /** The target had a `?`, even with nothing after it (`/x?`): the upstream gets it as received. */
  readonly hasQuery?: boolean;
  /** Lower-case, without port. From the absolute URL, else the `Host` header. */
  readonly host: string;
  /** The port the client named (`'8080'`), `''` or absent when it named none. */
  readonly port?: string;
  readonly headers: Headers;
  /** Client address: the peer, or the first untrusted hop of `X-Forwarded-For` from a trusted proxy. */
  readonly clientIp: string;
  readonly scheme: 'http' | 'https';
  readonly readBody: (() => Promise<Uint8Array>) | undefined;
}

/** An RFC 9457 problem document. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** Extra members (`route`, `upstream`, `grpcCode`, …). */
  readonly [member: string]: unknown;
}

/** Why one condition of a route did not accept the request. */
export interface ConditionFailure {
  readonly condition: 'path' | 'method' | 'host' | 'header' | 'query' | 'clientIp' | 'sample' | 'grpc';
  /** Header or query parameter name, for those conditions. */
  readonly name?: string;
  readonly expected: string;
  readonly actual: string;
}

/** One route as `explain` shows it: matched, or the first condition that failed. */
export interface RouteCheck {
  readonly route: string;
  /** Declared position. */
  readonly index: number;
  readonly matched: boolean;
  readonly failed?: ConditionFailure;
  /**
   * `false` for a route after the winner in evaluation order: first match stopped before it, so
   * `matched`/`failed` only say what it would have done (a full trace tests it to show shadowing).
   * Absent for every route that was really evaluated.
   */
  readonly reached?: false;
}

/** Edits to the client's response headers (a route's `responseHeaders`): `remove`, then `set`, then `add`. */
export interface ResponseHeaderEdits {
  readonly set: Readonly<Record<string, string>>;
  readonly add: Readonly<Record<string, string>>;
  readonly remove: readonly string[];
}

/** Header edits the upstream request gets, in order: `remove`, then `set`. */
export interface HeaderEdits {
  readonly set: Readonly<Record<string, string>>;
  readonly remove: readonly string[];
}

export interface AuthOutcome {
  /** `public`: nothing required; `allow`/`deny`: a provider decided. */
  readonly result: 'public' | 'allow' | 'deny';
  /** Providers the route accepts. */
  readonly providers: readonly string[];
  /** The provider that allowed, or the one whose failure is reported. */
  readonly provider?: string;
  /** 401 or 403 (or, for forward auth, the auth service's status). */
  readonly status?: number;
  /** Human reason, never containing a credential: `token expired 2 minutes ago`, `missing scope orders:write`. */
  readonly reason: string;
  /** Who was authenticated: a name and the non-secret claims that mattered. */
  readonly identity?: { readonly name: string; readonly claims?: Readonly<Record<string, unknown>> };
  /** `WWW-Authenticate` value for 401s. */
  readonly challenge?: string;
  /** For forward auth denials: the auth service's answer, returned to the client as it was. */
  readonly passthrough?: { readonly status: number; readonly headers: Headers; readonly body: string };
  /** Credential stripping and identity headers for the upstream request. */
  readonly headers?: HeaderEdits;
  /** Query parameters to remove from the upstream request (an api-key sent in the query). */
  readonly removeQuery?: readonly string[];
}

/** The target a balancer picked, and why. */
export interface TargetPick {
  /** `host:port`. */
  readonly id: string;
  readonly url: string;
  /** `round-robin: 2nd of 3`, `hash(header x-user=42) → 127.0.0.1:4002`. */
  readonly reason: string;
  /** Targets passed over, each with why: `127.0.0.1:4003: ejected for 30s after 5 errors`. */
  readonly skipped: readonly string[];
  /**
   * Sticky sessions: a `Set-Cookie` value the proxy adds to the response, because the request did
   * not carry a sticky cookie naming this target. `lb=127.0.0.1%3A4002; Path=/; HttpOnly; SameSite=Lax`
   */
  readonly setCookie?: string;
}

/** What a gRPC or SOAP call will be. */
export type TransformPlan =
  | {
      readonly kind: 'grpc';
      /** `shop.v1.ProductService/GetProduct`. */
      readonly method: string;
      /** How it was chosen: `route` (declared) or `annotation (get /api/products/{id})`. */
      readonly source: string;
      readonly serverStreaming: boolean;
      /** The request message in proto3 JSON form; for a client stream, the array of its messages. */
      readonly message: unknown;
      /** A client-streaming call: `message` is the messages sent, one per NDJSON line of the body. */
      readonly clientStreaming?: boolean;
      /** The field of the response that is the answer (`response_body`), when not all of it. */
      readonly responseBody?: string;
      /** A gRPC-Web call (route `grpcWeb: true`): answer framed, binary (`proto`) or base64 (`text`). */
      readonly web?: 'proto' | 'text';
      /** The client's own deadline in milliseconds (gRPC-Web `grpc-timeout`), if it sent one. */
      readonly deadlineMs?: number;
      /** Metadata sent with the call. */
      readonly metadata: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'soap';
      readonly operation: string;
      readonly version: '1.1' | '1.2';
      readonly args: unknown;
    };

export type Stage =
  | 'normalize'
  | 'match'
  | 'cors'
  | 'auth'
  | 'rateLimit'
  | 'fault'
  | 'rewrite'
  | 'respond'
  | 'redirect'
  | 'mock'
  | 'split'
  | 'balance'
  | 'transform'
  | 'mirror';

/** One step of the trace: a stage's outcome, a one-line summary, and details for `explain`. */
export interface TraceStep {
  readonly stage: Stage;
  readonly ok: boolean;
  readonly summary: string;
  readonly details?: unknown;
}

/**
 * The pipeline's answer for one request.
 * @example
 * { action: 'forward', route: { name: 'products', index: 2 }, upstream: 'products',
 *   upstreamPath: '/api/products/42', target: { id: '127.0.0.1:4401', … }, trace: [ … ] }
 */
export interface Decision {
  readonly request: {
    readonly method: string;
    readonly path: string;
    readonly query: string;
    readonly host: string;
  };
  /**
   * `forward`: send to `target`; `respond`: the gateway answers itself (`response`);
   * `reject`: the gateway answers with `problem` (or forward auth's passthrough).
   */
  readonly action: 'forward' | 'respond' | 'reject';
  readonly status?: number;
  readonly problem?: Problem;
  readonly route?: { readonly name: string; readonly index: number };
  readonly params?: Readonly<Record<string, string>>;
  readonly upstream?: string;
  /**
   * For a traffic split: the side chosen and why (`weight 10 of 100 (roll 95.0)`, `pinned by
   * header x-canary=orders-v2`); `setCookie` pins a caller that had no pin cookie.
   */
  readonly split?: { readonly upstream: string; readonly reason: string; readonly setCookie?: string };
  /**
   * A copy of the request the proxy sends without waiting (bodies up to `maxBody` bytes); its
   * answer is dropped and its failure only counted.
   */
  readonly mirror?: { readonly upstream: string; readonly target: TargetPick; readonly maxBody: number };
  /** Path and query sent upstream (after rewrite). */
  readonly upstreamPath?: string;
  /** Edits from rewrite and auth, applied to the client's headers. */
  readonly headers?: HeaderEdits;
  readonly auth?: AuthOutcome;
  readonly target?: TargetPick;
  readonly transform?: TransformPlan;
  /** The route's rate limit: the bucket drawn from and what is left (429 `quota-exceeded` when empty). */
  readonly rateLimit?: RateLimitOutcome;
  /**
   * Faults for this request: an abort (a `reject` whose problem says `"injected": true`), a delay
   * the proxy waits before acting, a bandwidth it sends the answer at.
   */
  readonly fault?: FaultOutcome;
  /** Headers added to the answer the client gets (CORS, RateLimit fields). */
  readonly responseHeaders?: Readonly<Record<string, string>>;
  /** The route's `responseHeaders` edits, for forwarded answers and the gateway's own answers. */
  readonly responseEdits?: ResponseHeaderEdits;
  /** `rewrite.host: { target: true }`: the upstream `Host` is the picked target's. */
  readonly hostFromTarget?: boolean;
  /** The gateway's span in the W3C trace (`traceparent` sent upstream when forwarding). */
  readonly traceContext?: TraceContext;
  /** For `respond`: what the gateway answers. */
  readonly response?: {
    readonly status: number;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string;
    /** A mock's `latency`: the proxy waits this long before answering. */
    readonly latencyMs?: number;
  };
  readonly trace: readonly TraceStep[];
}
