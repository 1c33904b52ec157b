/**
 * The HAR 1.2 shapes gateway writes (http://www.softwareishard.com/blog/har-12-spec/, the W3C
 * Web Performance WG draft): only the members gateway fills, with the spec's required ones
 * required. `_gateway` is an extension field (the spec allows custom fields starting with `_`).
 */
import type { DecisionSummary } from '../log/index.js';

export interface HarNameValue {
  readonly name: string;
  readonly value: string;
}

export interface HarContent {
  /** Bytes of the body, decoded (content-encoding undone). */
  readonly size: number;
  /** Bytes content-encoding saved. */
  readonly compression?: number;
  readonly mimeType: string;
  /** The body, decoded, when it is text and under the capture limit. */
  readonly text?: string;
  /** Why `text` is missing (binary, over the limit). */
  readonly comment?: string;
}

export interface HarEntry {
  /** ISO 8601 with milliseconds. */
  readonly startedDateTime: string;
  /** Total milliseconds: the sum of the non-negative timings. */
  readonly time: number;
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly httpVersion: string;
    readonly cookies: readonly HarNameValue[];
    readonly headers: readonly HarNameValue[];
    readonly queryString: readonly HarNameValue[];
    readonly postData?: { readonly mimeType: string; readonly text: string; readonly comment?: string };
    readonly headersSize: number;
    readonly bodySize: number;
  };
  readonly response: {
    readonly status: number;
    readonly statusText: string;
    readonly httpVersion: string;
    readonly cookies: readonly HarNameValue[];
    readonly headers: readonly HarNameValue[];
    readonly content: HarContent;
    readonly redirectURL: string;
    readonly headersSize: number;
    readonly bodySize: number;
  };
  readonly cache: Record<string, never>;
  /** `send`, `wait`, `receive` are required; `-1` where a phase does not apply. */
  readonly timings: {
    readonly blocked: number;
    readonly dns: number;
    readonly connect: number;
    readonly send: number;
    readonly wait: number;
    readonly receive: number;
  };
  readonly serverIPAddress?: string;
  /** The gateway's Decision summary for this exchange. */
  readonly _gateway: GatewayEntryInfo;
}

/** The `_gateway` extension: what the gateway decided and what happened. */
export interface GatewayEntryInfo extends Partial<DecisionSummary> {
  readonly id: number;
  readonly retries?: number;
  readonly error?: string;
}

export interface HarLog {
  readonly log: {
    readonly version: '1.2';
    readonly creator: { readonly name: string; readonly version: string };
    readonly entries: readonly HarEntry[];
  };
}
