/**
 * `gateway test --live`: the real proxy, started in-process on a free port, in front of the
 * config's real upstreams (with `--demo`, the fixture services the command started). Each case
 * is sent over HTTP and the response checked too. The proxy loads only here.
 */
import { request as httpRequest } from 'node:http';
import type { LoadedTable } from '../pipeline/loaded-table.js';
import type { Result } from '../config/issues.js';
import type { LiveResponse } from './compare.js';
import { caseRequestParts } from './request.js';
import type { TestCase } from './types.js';

export interface LiveGateway {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  send(testCase: TestCase): Promise<LiveResponse>;
  close(): Promise<void>;
}

/** Starts the proxy for `loaded` on a free port; `close` stops it. */
export async function startLiveGateway(
  loaded: LoadedTable,
  load: () => Promise<Result<LoadedTable>>,
  options: { readonly timeoutMs?: number } = {},
): Promise<LiveGateway> {
  const [{ startGateway }, { createEventBus }] = await Promise.all([
    import('../proxy/runtime.js'),
    import('../events.js'),
  ]);
  // No watcher and no active probes: a test run sees one table and the targets as configured.
  const gateway = await startGateway({
    loaded,
    load,
    events: createEventBus(),
    port: 0,
    host: '127.0.0.1',
    watch: false,
    healthChecks: false,
  });
  return {
    url: gateway.url,
    send: (testCase) => sendCase(gateway.url, testCase, options.timeoutMs ?? 10_000),
    close: () => gateway.close(),
  };
}

// node:http rather than fetch: a case may set any header, `Host` included.
function sendCase(base: string, testCase: TestCase, timeoutMs: number): Promise<LiveResponse> {
  const { method, headers, body } = caseRequestParts(testCase);
  const target = new URL(testCase.request.url, base);
  // An absolute URL in a case names the Host the gateway sees; the connection still goes to the proxy.
  if (/^https?:\/\//i.test(testCase.request.url)) headers.host ??= target.host;
  const proxy = new URL(base);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: proxy.hostname,
        port: proxy.port,
        method,
        path: `${target.pathname}${target.search}`,
        headers,
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const received: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) received[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({
            status: response.statusCode ?? 0,
            headers: received,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}
