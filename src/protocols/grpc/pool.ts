/**
 * `GrpcChannelPool`: one @grpc/grpc-js client (one HTTP/2 channel) per target URL, made on first
 * use and reused by every route and request to that target. The proxy keeps one pool for its
 * lifetime: after a reload it calls `retain` with the new table's targets, which closes channels
 * to targets that are gone; on shutdown it calls `close`. Closing lets calls in flight finish.
 */
import type { Client } from '@grpc/grpc-js';
import type { ProtocolTarget } from '../api.js';

export interface GrpcChannelPoolOptions {
  /** For `grpcs://`/`https://` targets: accept unverifiable certificates (local development only). */
  readonly tlsInsecure?: boolean;
}

export class GrpcChannelPool {
  readonly #clients = new Map<string, Promise<Client>>();
  readonly #options: GrpcChannelPoolOptions;

  constructor(options: GrpcChannelPoolOptions = {}) {
    this.#options = options;
  }

  /** The client for a target, created (and @grpc/grpc-js loaded) on first use. */
  client(target: ProtocolTarget): Promise<Client> {
    let client = this.#clients.get(target.url);
    if (!client) {
      client = createClient(target.url, this.#options);
      this.#clients.set(target.url, client);
      // A failed creation is not cached: the next request tries again.
      client.catch(() => this.#clients.delete(target.url));
    }
    return client;
  }

  /** Closes the channels of every target not in `targets` (after a reload). Returns how many closed. */
  retain(targets: Iterable<{ readonly url: string }>): number {
    const keep = new Set([...targets].map((t) => t.url));
    let closed = 0;
    for (const [url, client] of this.#clients) {
      if (keep.has(url)) continue;
      this.#clients.delete(url);
      void client.then(
        (c) => c.close(),
        () => undefined,
      );
      closed++;
    }
    return closed;
  }

  /** Closes every channel (on shutdown). The pool stays usable and reopens channels on demand. */
  close(): void {
    this.retain([]);
  }

  /** Open (or opening) channels. */
  get size(): number {
    return this.#clients.size;
  }
}

async function createClient(url: string, options: GrpcChannelPoolOptions): Promise<Client> {
  const grpc = await import('@grpc/grpc-js');
  const parsed = new URL(url);
  const secure = parsed.protocol === 'grpcs:' || parsed.protocol === 'https:';
  const port = parsed.port || (secure ? '443' : '80');
  const credentials = secure
    ? grpc.credentials.createSsl(
        null,
        null,
        null,
        options.tlsInsecure ? { checkServerIdentity: () => undefined, rejectUnauthorized: false } : undefined,
      )
    : grpc.credentials.createInsecure();
  return new grpc.Client(`${parsed.hostname}:${port}`, credentials);
}

/**
 * The pool `callGrpc` uses when given none: one per process. The proxy calls
 * `defaultChannelPool.retain(targets)` after a reload and `defaultChannelPool.close()` on shutdown.
 */
export const defaultChannelPool = new GrpcChannelPool();
