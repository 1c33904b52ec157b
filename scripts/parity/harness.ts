/**
 * Parity for one engine: start the fixtures on free ports, move the demo config onto them,
 * export it, start the engine in front of the fixtures, send the config's own test cases with
 * `gateway test --live --target`, and sort the results: a case is `unsupported` when the route it
 * reaches (or that route's upstream) has an `export/unsupported` finding; every other case must pass.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAllFixtures } from '../../fixtures/index.js';
import { runTests } from '../../src/commands/test.js';
import { loadTable } from '../../src/commands/load-table.js';
import { analyzeConfig } from '../../src/export/analysis.js';
import { EXPORTERS } from '../../src/export/exporters.js';
import type { ExportFinding } from '../../src/export/types.js';
import type { CaseResult } from '../../src/testing/types.js';
import { writeDemoConfig } from './demo-config.js';
import type { Engine } from './engines.js';

export interface ParityResult {
  readonly engine: string;
  readonly results: readonly CaseResult[];
  /** Cases whose route the exporter reported unsupported, with the reasons. */
  readonly unsupported: readonly { readonly case: string; readonly reasons: readonly string[] }[];
  /** Supported cases that failed: must be empty. */
  readonly failures: readonly CaseResult[];
  readonly findings: readonly ExportFinding[];
  /** The engine's own check of the exported config (`nginx -t`). */
  readonly check: { readonly ok: boolean; readonly output: string };
  readonly engineOutput: string;
  readonly report: string;
  /** What `probe` found (empty without a probe). */
  readonly probed: readonly string[];
}

/** Extra checks against the running engine (`base` is `http://127.0.0.1:PORT`); returns problems found. */
export type ParityProbe = (base: string) => Promise<string[]>;

/** Runs parity for `engine` against the demo config (or `source`). Leaves nothing running. */
export async function runParity(
  engine: Engine,
  options: { source?: string; probe?: ParityProbe } = {},
): Promise<ParityResult> {
  const { source, probe } = options;
  const dir = await mkdtemp(join(tmpdir(), `gateway-parity-${engine.name}-`));
  const fixtures = await startAllFixtures();
  let running: Awaited<ReturnType<Engine['start']>> | undefined;
  try {
    const port = await freePort();
    const configFile = await writeDemoConfig(dir, fixtures, port, source);
    const loaded = await loadTable({ cwd: dir, configPath: configFile, env: {} });
    if (!loaded.ok) throw new Error(loaded.issues.map((i) => `${i.path} ${i.message}`).join('\n'));
    const config = loaded.table.config;
    const exported = EXPORTERS[engine.name]!.export(config, await analyzeConfig(config, { env: {} }));
    const out = join(dir, 'out');
    await mkdir(out, { recursive: true });
    for (const file of exported.files) await writeFile(join(out, file.name), file.content);
    const check = await engine.check(out);
    running = await engine.start(out);
    await waitForPort(port, running.output);

    let report = '';
    const write = (s: string) => {
      report += s;
    };
    const tested = await runTests({
      cwd: dir,
      config: configFile,
      files: [],
      env: {},
      color: false,
      stdout: { write },
      stderr: { write },
      live: true,
      target: `http://127.0.0.1:${port}`,
    });
    const results = tested.run?.results ?? [];
    const probed = probe ? await probe(`http://127.0.0.1:${port}`) : [];
    const broken = exported.findings.filter((f) => f.severity === 'error');
    const unsupported: { case: string; reasons: string[] }[] = [];
    const failures: CaseResult[] = [];
    for (const result of results) {
      const reasons = reasonsFor(result, config, broken, exported.findings);
      if (reasons.length > 0) unsupported.push({ case: result.case.name, reasons });
      else if (!result.ok) failures.push(result);
    }
    return {
      engine: engine.name,
      results,
      unsupported,
      failures,
      findings: exported.findings,
      check,
      engineOutput: running.output(),
      report,
      probed,
    };
  } finally {
    await running?.stop();
    await fixtures.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function reasonsFor(
  result: CaseResult,
  config: { routes: readonly { name: string; index: number; upstream: string | undefined }[] },
  findings: readonly ExportFinding[],
  all: readonly ExportFinding[],
): string[] {
  // Cases about gateway's own trace context (traceparent/tracestate sent upstream) follow the server's finding.
  const expected = Object.keys(result.case.expect.headers ?? {}).map((h) => h.toLowerCase());
  const traced = expected.includes('traceparent') || expected.includes('tracestate');
  const serverReasons = traced ? all.filter((f) => f.path === 'server').map((f) => f.message) : [];
  // A 405 for a wrong method comes from routes the engine answers 404 for (a methodNotAllowed note).
  const wants405 = result.case.expect.status === 405 && result.route === null;
  // A 400 for a path gateway will not normalize is its own hardening (a server note).
  const wants400 = result.case.expect.status === 400 && result.route === null;
  const hardening = wants400 ? all.filter((f) => f.path === 'server.limits').map((f) => f.message) : [];
  const methodReasons = wants405
    ? all
        .filter((f) => f.path.endsWith('.methodNotAllowed'))
        .slice(0, 1)
        .map((f) => f.message)
    : [];
  const route = config.routes.find((r) => r.name === result.route);
  if (!route) return [...serverReasons, ...methodReasons, ...hardening];
  const at = `routes[${route.index}]`;
  const upstreamAt = route.upstream ? `upstreams.${route.upstream}` : undefined;
  return findings
    .filter(
      (f) =>
        f.path === at ||
        f.path.startsWith(`${at}.`) ||
        (upstreamAt !== undefined && (f.path === upstreamAt || f.path.startsWith(`${upstreamAt}.`))),
    )
    .map((f) => f.message)
    .concat(serverReasons);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForPort(port: number, output: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the engine did not open port ${port} within 15 s:\n${output()}`);
}
