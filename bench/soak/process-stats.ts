/** Resident memory and open file descriptors of a process, read from /proc (Linux). */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessSample {
  /** Resident set size in MiB. */
  readonly rssMiB: number;
  readonly openFds: number;
}

/** A sample of `pid` now; `NaN` where /proc cannot be read. */
export function sampleProcess(pid: number): ProcessSample {
  let rssMiB = Number.NaN;
  let openFds = Number.NaN;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
    rssMiB = kib / 1024;
    openFds = readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    // The process is gone, or this is not Linux.
  }
  return { rssMiB, openFds };
}
