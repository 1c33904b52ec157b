/**
 * `gateway dev --otlp URL`: spans arrive at a small OTLP/HTTP receiver (node:http on port 0, the
 * JSON encoding decoded here), with the trace and span ids the upstream got in `traceparent`.
 */
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEcho } from '../fixtures/echo.js';
import { dev } from '../src/commands/dev.js';
import type { CommandIO } from '../src/commands/io.js';
import { gatewaySpan } from '../src/tracing/span.js';
import { tracesEndpoint } from '../src/tracing/otlp.js';
import { closedPort, send } from './proxy-harness.js';

/** An OTLP/HTTP span as the JSON encoding carries it (ids in hex, times in nanoseconds as strings). */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
  status?: { code?: number; message?: string };
}

interface Receiver {
  readonly url: string;
  readonly paths: string[];
  readonly spans: OtlpSpan[];
  readonly resources: Record<string, unknown>[];
  close(): Promise<void>;
}

/** A collector stand-in: accepts POST /v1/traces (JSON), keeps the spans, answers 200 `{}`. */
async function startReceiver(): Promise<Receiver> {
  const spans: OtlpSpan[] = [];
  const paths: string[] = [];
  const resources: Record<string, unknown>[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      paths.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      for (const rs of body.resourceSpans ?? []) {
        resources.push(
          Object.fromEntries(
            (rs.resource?.attributes ?? []).map((a: OtlpSpan['attributes'][number]) => [
              a.key,
              a.value.stringValue,
            ]),
          ),
        );
        for (const ss of rs.scopeSpans ?? []) spans.push(...ss.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    paths,
    spans,
    resources,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function io(cwd: string): CommandIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    cwd,
    out,
    err,
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    env: { ...process.env, NO_COLOR: '1' },
    color: false,
  };
}

function attribute(span: OtlpSpan, key: string): string | number | undefined {
  const value = span.attributes.find((a) => a.key === key)?.value;
  if (value === undefined) return undefined;
  return value.stringValue ?? Number(value.intValue);
}

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER = '00f067aa0ba902b7';

test('dev --otlp: one span per request, with the ids the upstream got in traceparent', async () => {
  const receiver = await startReceiver();
  const echo = await startEcho();
  const dir = await mkdtemp(join(tmpdir(), 'gateway-otlp-'));
  await writeFile(
    join(dir, 'gateway.config.json'),
    JSON.stringify({
      upstreams: { echo: echo.url },
      routes: [{ name: 'echo', match: { path: '/echo/**' }, upstream: 'echo' }],
    }),
  );
  const o = io(dir);
  const stop = new AbortController();
  let url = '';
  let ready!: () => void;
  const listening = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const exited = dev({
    ...o,
    ui: false,
    log: 'json',
    demo: false,
    port: 0,
    otlp: receiver.url,
    signal: stop.signal,
    handleSignals: false,
    onListening: (u) => {
      url = u;
      ready();
    },
  }).then((r) => {
    ready();
    return r.exitCode;
  });
  await listening;
  let continued: string;
  let started: string;
  try {
    const a = await send(`${url}/echo/a?secret=1`, { headers: { traceparent: `00-${ID}-${CALLER}-01` } });
    continued = JSON.parse(a.body).headers.traceparent;
    const b = await send(`${url}/echo/b`);
    started = JSON.parse(b.body).headers.traceparent;
    assert.is((await send(`${url}/nowhere`)).status, 404);
  } finally {
    stop.abort();
    assert.is(await exited, 0);
    await echo.close();
  }
  // Shutdown flushes the batch.
  await receiver.close();
  assert.match(o.out.join(''), new RegExp(`exporting spans to ${receiver.url}/v1/traces`));
  assert.ok(
    receiver.paths.every((p) => p.startsWith('POST /v1/traces application/json')),
    receiver.paths.join(),
  );
  assert.is(receiver.spans.length, 3, JSON.stringify(receiver.spans));
  assert.equal(receiver.resources[0]?.['service.name'], 'gateway');

  const [first, second, third] = receiver.spans as [OtlpSpan, OtlpSpan, OtlpSpan];
  // Continued: the caller's trace, the caller as parent, the gateway's span as the upstream's parent.
  assert.is(first.traceId, ID);
  assert.is(first.parentSpanId, CALLER);
  assert.is(continued, `00-${first.traceId}-${first.spanId}-01`);
  assert.is(first.name, 'GET echo');
  assert.is(first.kind, 2, 'SpanKind.SERVER');
  assert.is(attribute(first, 'http.request.method'), 'GET');
  assert.is(attribute(first, 'url.path'), '/echo/a');
  assert.is(attribute(first, 'http.response.status_code'), 200);
  assert.is(attribute(first, 'gateway.route'), 'echo');
  assert.is(attribute(first, 'gateway.upstream'), 'echo');
  assert.match(String(attribute(first, 'gateway.target')), /^127\.0\.0\.1:\d+$/);
  assert.ok(BigInt(first.endTimeUnixNano) >= BigInt(first.startTimeUnixNano));

  // Started: a new trace with no parent, the same ids the upstream saw.
  assert.is(started, `00-${second.traceId}-${second.spanId}-01`);
  assert.not.ok(second.parentSpanId);

  // No route: still a span (the gateway answered), named by the method only.
  assert.is(third.name, 'GET');
  assert.is(attribute(third, 'http.response.status_code'), 404);
  assert.is(attribute(third, 'gateway.route'), undefined);
  await rm(dir, { recursive: true });
});

test('dev --otlp with no collector listening: one warning on stderr, requests unaffected, exit 0', async () => {
  const echo = await startEcho();
  const dir = await mkdtemp(join(tmpdir(), 'gateway-otlp-'));
  await writeFile(
    join(dir, 'gateway.config.json'),
    JSON.stringify({
      upstreams: { echo: echo.url },
      routes: [{ name: 'echo', match: { path: '/echo/**' }, upstream: 'echo' }],
    }),
  );
  const o = io(dir);
  const stop = new AbortController();
  const collector = `http://127.0.0.1:${await closedPort()}`;
  let url = '';
  let ready!: () => void;
  const listening = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const exited = dev({
    ...o,
    ui: false,
    log: 'json',
    demo: false,
    port: 0,
    otlp: collector,
    signal: stop.signal,
    handleSignals: false,
    onListening: (u) => {
      url = u;
      ready();
    },
  }).then((r) => {
    ready();
    return r.exitCode;
  });
  await listening;
  try {
    for (let i = 0; i < 3; i++) assert.is((await send(`${url}/echo/${i}`)).status, 200);
  } finally {
    stop.abort();
    assert.is(await exited, 0);
    await echo.close();
  }
  const warnings = o.err
    .join('')
    .split('\n')
    .filter((line) => line.includes('cannot export spans'));
  assert.is(warnings.length, 1, o.err.join(''));
  assert.match(warnings[0]!, new RegExp(`cannot export spans to ${collector}/v1/traces: `));
  await rm(dir, { recursive: true });
});

test('gatewaySpan: 5xx and unanswered exchanges are errors; no span without a Decision', () => {
  const decision = {
    request: { method: 'GET', path: '/x', query: '', host: 'localhost' },
    action: 'forward' as const,
    route: { name: 'r', index: 0 },
    upstream: 'u',
    trace: [],
    traceContext: {
      traceId: ID,
      spanId: '8000000080000000',
      flags: '01',
      origin: 'started' as const,
      traceparent: `00-${ID}-8000000080000000-01`,
    },
  };
  const base = { id: 1, method: 'GET', url: '/x', at: 1000, bytes: 0, target: '127.0.0.1:1', decision };
  const failed = gatewaySpan({ ...base, status: 502, durationMs: 5, error: 'connect ECONNREFUSED' });
  assert.is(failed?.error, 'connect ECONNREFUSED');
  assert.is(failed?.attributes['error.type'], '502');
  assert.is(failed?.endMs, 1005);
  const gone = gatewaySpan({ ...base, status: 0, durationMs: 1 });
  assert.is(gone?.attributes['error.type'], 'aborted');
  assert.is(gatewaySpan({ ...base, status: 200, durationMs: 1 })?.error, undefined);
  assert.is(gatewaySpan({ ...base, decision: undefined, status: 413, durationMs: 1 }), undefined);
});

test('tracesEndpoint: a bare collector address gets /v1/traces; a path is kept', () => {
  assert.is(tracesEndpoint('http://localhost:4318'), 'http://localhost:4318/v1/traces');
  assert.is(tracesEndpoint('http://localhost:4318/'), 'http://localhost:4318/v1/traces');
  assert.is(tracesEndpoint('https://otel.example/custom/traces'), 'https://otel.example/custom/traces');
});

test('dev --otlp with something that is not an http(s) URL: exit 2', async () => {
  const o = io(tmpdir());
  const result = await dev({
    ...o,
    ui: false,
    log: 'pretty',
    demo: false,
    otlp: 'localhost:4318',
    handleSignals: false,
  });
  assert.is(result.exitCode, 2);
  assert.match(o.err.join(''), /--otlp needs an http\(s\) URL/);
});

test.run();
