/**
 * `gateway dev --otlp URL`: every request's span exported over OTLP/HTTP (JSON) with the
 * OpenTelemetry SDK. The SDK is given the ids the pipeline already decided — the ones the upstream
 * received in `traceparent` — through an id generator that hands out exactly those, so the
 * gateway's span and the upstream's spans join in one trace. Loaded only when `--otlp` is given.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOnSampler,
  BatchSpanProcessor,
  type IdGenerator,
  type ReadableSpan,
  type SpanExporter,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import type { GatewayEventBus } from '../events.js';
import { type GatewaySpan, gatewaySpan } from './span.js';

/** A running span export. */
export interface SpanExport {
  /** The traces endpoint spans are posted to. */
  readonly url: string;
  /** Exports what is pending and stops. */
  close(): Promise<void>;
}

export interface OtlpOptions {
  /** `service.name` of the spans. @default 'gateway' */
  readonly serviceName?: string;
  /** How long spans wait to be batched (ms). @default 1000 */
  readonly delayMs?: number;
  readonly version?: string;
  /**
   * Told once when spans cannot be delivered (collector down, refused): the SDK itself stays
   * silent. Later failures are counted, not repeated.
   */
  readonly onError?: (message: string) => void;
}

/** How long one export may take, and how long shutdown waits for the last one (ms). */
const EXPORT_TIMEOUT_MS = 5000;

/**
 * The traces endpoint for `url`: a bare collector address (`http://localhost:4318`) gets the
 * standard `/v1/traces` path, as `OTEL_EXPORTER_OTLP_ENDPOINT` does; a URL with a path is used as given.
 */
export function tracesEndpoint(url: string): string {
  const parsed = new URL(url);
  if (parsed.pathname === '/' || parsed.pathname === '') parsed.pathname = '/v1/traces';
  return parsed.href;
}

/** Subscribes span export to `events`. */
export function startOtlpExport(url: string, events: GatewayEventBus, options: OtlpOptions = {}): SpanExport {
  const endpoint = tracesEndpoint(url);
  const ids = new DecidedIds();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': options.serviceName ?? 'gateway',
      ...(options.version ? { 'service.version': options.version } : {}),
    }),
    // Every request is exported: this is a developer's proxy, not a sampled production fleet.
    sampler: new AlwaysOnSampler(),
    idGenerator: ids,
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: reportingFailures(
          new OTLPTraceExporter({ url: endpoint, timeoutMillis: EXPORT_TIMEOUT_MS }),
          endpoint,
          options.onError,
        ),
        scheduledDelayMillis: options.delayMs ?? 1000,
        // A collector that does not answer must not hold up the gateway's exit for long.
        exportTimeoutMillis: EXPORT_TIMEOUT_MS,
      }),
    ],
  });
  const tracer = provider.getTracer('gateway');
  const record = (span: GatewaySpan) => {
    ids.next(span.traceId, span.spanId);
    const parent =
      span.parentId === undefined
        ? ROOT_CONTEXT
        : trace.setSpanContext(ROOT_CONTEXT, {
            traceId: span.traceId,
            spanId: span.parentId,
            traceFlags: span.flags,
            isRemote: true,
          });
    const otel = tracer.startSpan(
      span.name,
      { kind: SpanKind.SERVER, startTime: span.startMs, attributes: span.attributes },
      parent,
    );
    if (span.error !== undefined) otel.setStatus({ code: SpanStatusCode.ERROR, message: span.error });
    otel.end(span.endMs);
  };
  const off = events.on('request-finished', (event) => {
    const span = gatewaySpan(event);
    if (span !== undefined) record(span);
  });
  return {
    url: endpoint,
    async close() {
      off();
      // The last batch failing (collector down) rejects shutdown; `onError` has said so already.
      await provider.shutdown().catch(() => undefined);
    },
  };
}

/** `exporter`, telling `onError` about the first batch that could not be delivered. */
function reportingFailures(
  exporter: SpanExporter,
  endpoint: string,
  onError: ((message: string) => void) | undefined,
): SpanExporter {
  let told = false;
  return {
    export(spans: ReadableSpan[], done: Parameters<SpanExporter['export']>[1]) {
      exporter.export(spans, (result) => {
        // ExportResultCode.FAILED is 1 (SUCCESS 0); @opentelemetry/core is not imported for it.
        if (result.code !== 0 && !told) {
          told = true;
          onError?.(
            `cannot export spans to ${endpoint}: ${result.error?.message ?? 'export failed'} (later failures are not repeated)`,
          );
        }
        done(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

/**
 * Hands the SDK the ids decided by the pipeline. `startSpan` asks for the span id (and, without a
 * parent, the trace id) synchronously, right after `next` set them.
 */
class DecidedIds implements IdGenerator {
  #traceId = '';
  #spanId = '';

  next(traceId: string, spanId: string): void {
    this.#traceId = traceId;
    this.#spanId = spanId;
  }

  generateTraceId(): string {
    return this.#traceId;
  }

  generateSpanId(): string {
    return this.#spanId;
  }
}
