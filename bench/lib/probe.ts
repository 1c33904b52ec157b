/**
 * The bench side of bench/servers/probe.mjs: the flags and variable that preload it into a
 * gateway child, and `readProbe` — SIGUSR2 to the child, then its event-loop delay and RSS
 * series since the previous read.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Proc, sleep } from './proc.js';

/** What the probe reports for one window. */
export interface ProbeReport {
  readonly eventLoopDelayMs: { p50: number; p99: number; p999: number; max: number };
  /** RSS in MB, one sample a second, and a last one at the read. */
  readonly rssMb: number[];
  /** V8 heap in use at the read, MB. */
  readonly heapUsedMb: number;
  /** V8 heap committed at the read, MB, in all and per space (`new_space`, `old_space`, …). */
  readonly heapTotalMb: number;
  readonly spacesMb: Record<string, number>;
  /** `process.memoryUsage()` `external` and `arrayBuffers` at the read, MB (memory outside V8's heap). */
  readonly externalMb: number;
  readonly arrayBuffersMb: number;
}

/** `--import <probe>` for a node child. */
export function probeFlags(root: string): string[] {
  return ['--import', join(root, 'bench/servers/probe.mjs')];
}

/** The variable that switches the probe on; its file is keyed by the child's port. */
export function probeEnv(root: string, port: number): Record<string, string> {
  return { GATEWAY_BENCH_PROBE: probeFile(root, port) };
}

function probeFile(root: string, port: number): string {
  return join(root, '.bench', `probe-${port}.json`);
}

/** Asks the child on `port` for its window (and starts a new one); undefined when it does not answer. */
export async function readProbe(
  root: string,
  port: number,
  proc: Proc,
  heapSnapshot?: string,
): Promise<ProbeReport | undefined> {
  const file = probeFile(root, port);
  rmSync(file, { force: true });
  if (heapSnapshot) writeFileSync(`${file}.heap`, heapSnapshot);
  proc.child.kill('SIGUSR2');
  // Up to 1 s (60 s with a heap snapshot); a file caught half-written is read again.
  for (let i = 0; i < (heapSnapshot ? 6000 : 100); i++) {
    await sleep(10);
    if (!existsSync(file)) continue;
    try {
      const report = JSON.parse(readFileSync(file, 'utf8')) as ProbeReport;
      rmSync(file, { force: true });
      return report;
    } catch {
      // Not complete yet.
    }
  }
  return undefined;
}
