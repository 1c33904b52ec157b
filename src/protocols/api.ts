/**
 * What the protocol executors take and give: a target to call and an HTTP-shaped answer for the
 * client. The proxy writes a `ProtocolResponse` as it is; a streamed body is written chunk by chunk.
 */

/** The target a balancer picked (`Decision.target` fits). */
export interface ProtocolTarget {
  /** `grpc://127.0.0.1:4401`, `http://127.0.0.1:4501/inventory`. */
  readonly url: string;
  /** `host:port`, for problem documents and logs. */
  readonly id: string;
}

/** The answer to send to the client. */
export interface ProtocolResponse {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** A whole body, or chunks for streamed answers (NDJSON lines, SSE events, gRPC-Web frames). */
  readonly body: string | AsyncIterable<string | Uint8Array>;
}

/** Request headers forwarded as gRPC metadata never include these (grpc-js or HTTP/2 own them). */
export const RESERVED_METADATA =
  /^(grpc-.*|:.*|content-type|content-length|te|host|connection|keep-alive|transfer-encoding|upgrade|user-agent)$/;
