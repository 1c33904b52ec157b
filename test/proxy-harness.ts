/**
 * Test harness for the proxy tests: a gateway on 127.0.0.1:0 built from an in-memory config,
 * plus small raw-HTTP helpers. Not a test file itself (no `.test.ts`).
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { resolveConfig } from '../src/config/resolve.js';
import { createEventBus, type GatewayEventBus, type GatewayEvents } from '../src/events.js';
import { compileTable } from '../src/pipeline/table.js';
import { type RunningGateway, startGateway } from '../src/proxy/runtime.js';

export interface TestGateway {
  readonly url: string;
  readonly port: number;
  readonly gateway: RunningGateway;
  readonly events: GatewayEventBus;
  /** Every `request-finished` event so far. */
  readonly finished: GatewayEvents['request-finished'][];
  close(): Promise<void>;
}

/** Starts a gateway for `config` (a user config object, as in gateway.config.ts). */
export async function startTestGateway(config: unknown): Promise<TestGateway> {
  const resolved = resolveConfig(config, { dir: tmpdir() });
  if (!resolved.ok) throw new Error(`bad test config: ${JSON.stringify(resolved.issues)}`);
  const compiled = await compileTable(resolved.config);
  if (!compiled.ok) throw new Error(`bad test config: ${JSON.stringify(compiled.issues)}`);
  const events = createEventBus();
  const finished: GatewayEvents['request-finished'][] = [];
  events.on('request-finished', (e) => finished.push(e));
  const loaded = { table: compiled.table, file: '', dependencies: [] };
  const gateway = await startGateway({
    loaded,
    load: async () => ({ ok: true, ...loaded }),
    events,
    port: 0,
    host: '127.0.0.1',
    watch: false,
    healthChecks: false,
  });
  return {
    url: gateway.url,
    port: Number(new URL(gateway.url).port),
    gateway,
    events,
    finished,
    close: () => gateway.close(),
  };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** Sends a request with node:http (any headers, including hop-by-hop ones fetch refuses). */
export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Writes raw bytes to the gateway and returns everything it answers until it closes the socket. */
export function sendRaw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let out = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      out += chunk;
    });
    socket.on('end', () => resolve(out));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
