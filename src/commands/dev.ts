/**
 * `gateway dev`: runs the proxy with live reload. On a TTY (and without `--no-ui`) it shows the
 * terminal UI; otherwise it prints the access log. `--demo` starts the fixture services and
 * serves the package's own `gateway.config.example.ts`. SIGINT/SIGTERM stop it gracefully.
 */
import { resolve } from 'node:path';
import { createEventBus, type GatewayEventBus, type UiContract, type UiHandle } from '../events.js';
import { type Colors, colors } from '../format/color.js';
import { attachAccessLog } from '../log/index.js';
import { type HarRecorder, openHar } from './dev-har.js';
import { type RunningGateway, startGateway } from '../proxy/runtime.js';
import { seededRandom } from '../proxy/seeded-random.js';
import { DEMO_CONFIG, type DemoServices, startDemoServices } from './demo-services.js';
import type { CommandIO, CommandResult } from './io.js';
import { formatIssues, loadTable } from './load-table.js';

export interface DevOptions {
  /** `-c, --config`. */
  readonly config?: string;
  /** Override `server.port` (0: any free port). */
  readonly port?: number;
  readonly host?: string;
  /** `false` with `--no-ui`. The UI also needs stdout to be a TTY. */
  readonly ui: boolean;
  readonly log: 'pretty' | 'json';
  readonly demo: boolean;
  /** Aborting it stops the gateway gracefully, as SIGINT does (tests). */
  readonly signal?: AbortSignal;
  /** Called with `http://HOST:PORT` once listening. */
  readonly onListening?: (url: string) => void;
  /** Called with the event bus before the server starts (tests, embedding). */
  readonly onEvents?: (events: GatewayEventBus) => void;
  /** Handle SIGINT/SIGTERM. @default true */
  readonly handleSignals?: boolean;
  /** The UI's input (the CLI passes `process.stdin`). */
  readonly stdin?: NodeJS.ReadStream;
  /** `--record FILE`: append a test case per distinct request shape (YAML or JSON by extension). */
  readonly record?: string;
  /** `--record-max`: stop recording at this many cases. @default DEFAULT_RECORD_MAX (1000) */
  readonly recordMax?: number;
  /** `false` with `--no-test-gate`: a reload is applied without running the static tests first. @default true */
  readonly testGate?: boolean;
  /** `--seed`: random choices (faults, random balancers) come from a seeded source, so a run replays. */
  readonly seed?: number;
  /** `--har FILE`: every exchange written to FILE as HAR 1.2 (credentials redacted). */
  readonly har?: string;
  /** `--otlp URL`: every request's span exported over OTLP/HTTP to the collector at URL. */
  readonly otlp?: string;
}

/** Body bytes the UI keeps per request for its HAR save when `--har` is not given. */
const UI_CAPTURE_BYTES = 8 * 1024;

export { DEMO_CONFIG };

/** Runs the gateway until SIGINT/SIGTERM (or `options.signal`); exit 0, or 2 when it cannot start. */
export async function dev(options: DevOptions & CommandIO): Promise<CommandResult> {
  const c = colors(options.color);
  if (options.otlp !== undefined && !isHttpUrl(options.otlp)) {
    options.stderr.write(`${c.red('error')} --otlp needs an http(s) URL, got "${options.otlp}"\n`);
    return { exitCode: 2 };
  }
  const events = createEventBus();
  options.onEvents?.(events);

  let fixtures: DemoServices | undefined;
  if (options.demo) {
    try {
      fixtures = await startDemoServices(options.env);
    } catch (error) {
      options.stderr.write(`${c.red('error')} cannot start the demo services: ${(error as Error).message}\n`);
      return { exitCode: 2 };
    }
    options.stdout.write(
      c.dim(`demo services: ${fixtures.all.map((f) => `${f.instance} ${f.url}`).join(', ')}\n`),
    );
  }

  const configPath = options.demo && options.config === undefined ? DEMO_CONFIG : options.config;
  const load = () => loadTable({ cwd: options.cwd, configPath, env: options.env });
  const loaded = await load();
  if (!loaded.ok) {
    options.stderr.write(formatIssues(loaded.issues, options.cwd, c));
    await fixtures?.close();
    return { exitCode: 2 };
  }

  const useUi = options.ui && options.stdout.isTTY === true;
  let spans: { readonly url: string; close(): Promise<void> } | undefined;
  if (options.otlp !== undefined) {
    // Loaded only with --otlp: the OpenTelemetry SDK and exporter.
    const { startOtlpExport } = await import('../tracing/otlp.js');
    spans = startOtlpExport(options.otlp, events, {
      onError: (message) => options.stderr.write(`${c.yellow('warning')} ${message}\n`),
    });
  }
  let har: HarRecorder | undefined;
  if (options.har !== undefined) {
    const opened = await openHar(options.har, options, events, () => gateway?.getTable());
    if (!opened.ok) {
      options.stderr.write(`${c.red('error')} ${opened.message}\n`);
      await spans?.close();
      await fixtures?.close();
      return { exitCode: 2 };
    }
    har = opened.recorder;
  }
  let detachLog = useUi
    ? undefined
    : attachAccessLog(
        events,
        logOptions(options, () => gateway?.getTable()),
      );
  let gateway: RunningGateway | undefined;
  try {
    const { createTestGate } = await import('../diff/index.js');
    const gate = createTestGate({
      configFile: loaded.file,
      cwd: options.cwd,
      env: options.env,
      recordFile: options.record === undefined ? undefined : resolve(options.cwd, options.record),
      enforce: options.testGate !== false,
    });
    gateway = await startGateway({
      loaded,
      load,
      events,
      port: options.port,
      host: options.host,
      gate,
      ...(options.seed === undefined ? {} : { clock: { random: seededRandom(options.seed) } }),
      capture:
        har !== undefined
          ? { maxBodyBytes: har.maxBodyBytes }
          : useUi
            ? { maxBodyBytes: UI_CAPTURE_BYTES }
            : undefined,
    });
  } catch (error) {
    detachLog?.();
    await har?.close();
    await spans?.close();
    await fixtures?.close();
    options.stderr.write(`${c.red('error')} ${listenError(error, options, loaded.table.config.server, c)}\n`);
    return { exitCode: 2 };
  }
  const listeningLine = `gateway listening on ${gateway.url}`;
  const recorder =
    options.record === undefined ? undefined : await startRecording(options, events, gateway, c);
  if (recorder && !recorder.ok) {
    options.stderr.write(formatIssues(recorder.issues, options.cwd, c));
    await gateway.close();
    detachLog?.();
    await har?.close();
    await spans?.close();
    await fixtures?.close();
    return { exitCode: 2 };
  }

  const stopped = waitForStop(options);
  let ui: UiHandle | undefined;
  if (useUi) {
    ui = await startUi(events, gateway, options, listeningLine, stopped.stop);
    if (ui === undefined)
      detachLog = attachAccessLog(
        events,
        logOptions(options, () => gateway?.getTable()),
      );
  }
  if (ui === undefined) options.stdout.write(`${c.bold(listeningLine)}\n`);
  if (ui === undefined && spans !== undefined)
    options.stdout.write(c.dim(`exporting spans to ${spans.url}\n`));
  options.onListening?.(gateway.url);

  const reason = await stopped.promise;
  events.emit('shutdown', { reason });
  if (ui === undefined) options.stdout.write(c.dim(`${reason} — finishing in-flight requests…\n`));
  await gateway.close();
  await recorder?.recorder.close();
  await ui?.close();
  await fixtures?.close();
  detachLog?.();
  await spans?.close();
  // After the UI has restored the terminal, so the line stays visible.
  const harDone = await har?.close();
  if (harDone !== undefined) options.stdout.write(c.dim(`${harDone}\n`));
  return { exitCode: 0 };
}

async function startRecording(
  options: DevOptions & CommandIO,
  events: GatewayEventBus,
  gateway: RunningGateway,
  c: Colors,
) {
  const { startRecorder } = await import('../record/index.js');
  const file = resolve(options.cwd, options.record!);
  const quiet = options.ui && options.stdout.isTTY === true;
  return startRecorder({
    file,
    max: options.recordMax,
    events,
    getTable: gateway.getTable,
    onFull: (max) => {
      if (!quiet)
        options.stdout.write(
          c.dim(`record: ${max} cases in ${options.record} — --record-max reached, recording stopped\n`),
        );
    },
    onError: (error) =>
      options.stderr.write(`${c.red('error')} record: cannot write ${file}: ${error.message}\n`),
  });
}

function isHttpUrl(text: string): boolean {
  return URL.canParse(text) && /^https?:$/.test(new URL(text).protocol);
}

function logOptions(
  options: DevOptions & CommandIO,
  getTable: () => ReturnType<RunningGateway['getTable']> | undefined,
) {
  return { format: options.log, stdout: options.stdout, color: options.color, cwd: options.cwd, getTable };
}

/** Resolves with a reason on SIGINT/SIGTERM, `options.signal`, or `stop()` (the UI's quit key). */
function waitForStop(options: DevOptions): { promise: Promise<string>; stop: () => void } {
  let stop!: (reason: string) => void;
  const promise = new Promise<string>((resolve) => {
    stop = resolve;
  });
  const onSignal = (signal: NodeJS.Signals) => stop(signal);
  if (options.handleSignals !== false) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  if (options.signal?.aborted) stop('stopped');
  options.signal?.addEventListener('abort', () => stop('stopped'), { once: true });
  void promise.then(() => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  });
  return { promise, stop: () => stop('quit') };
}

/** Starts the terminal UI if it is installed; `undefined` falls back to the access log. */
async function startUi(
  events: GatewayEventBus,
  gateway: RunningGateway,
  options: DevOptions & CommandIO,
  listeningLine: string,
  quit: () => void,
): Promise<UiHandle | undefined> {
  let module: UiContract;
  try {
    // A variable specifier: the UI loads (with ink and react) only on a TTY.
    const specifier = '../ui/index.js';
    module = (await import(specifier)) as UiContract;
  } catch {
    return undefined;
  }
  return module.startUi({
    events,
    getTable: gateway.getTable,
    reload: gateway.reload,
    stdout: options.stdout,
    stdin: options.stdin ?? process.stdin,
    quit,
    listeningLine,
    getPools: () => gateway.server.current.pools.snapshot(),
    routeState: gateway.server.routeState,
    color: options.color,
  });
}

function listenError(
  error: unknown,
  options: DevOptions,
  server: { readonly host: string; readonly port: number },
  c: Colors,
): string {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `${options.host ?? server.host}:${options.port ?? server.port}`;
  if (code === 'EADDRINUSE')
    return `cannot listen on ${where}: the port is in use — stop what holds it, or pass ${c.bold('--port <n>')}`;
  if (code === 'EACCES') return `cannot listen on ${where}: permission denied — use a port above 1024`;
  return `cannot listen on ${where}: ${(error as Error).message}`;
}
