/** The export vocabulary: an exporter turns a config (and its one analysis) into files and findings. */
import type { ResolvedConfig } from '../config/resolved.js';
import type { Finding } from '../lint/types.js';
import type { ConfigAnalysis } from './analysis.js';

/** One file an exporter writes: a name relative to `-o DIR`, and its text. */
export interface ExportedFile {
  readonly name: string;
  readonly content: string;
}

/**
 * What was left out or only approximated, in lint's shape: `export/unsupported` (severity
 * `error`: the engine behaves differently for the route, the exported file answers in its place
 * with a comment) or `export/approximate` (`warn`: routing is the same, a detail differs).
 */
export type ExportFinding = Finding;

export interface ExportResult {
  readonly files: readonly ExportedFile[];
  readonly findings: readonly ExportFinding[];
}

/** An exporter: one module of this shape per engine, listed in exporters.ts. */
export interface Exporter {
  /** `nginx`, `haproxy`, `caddy`, `gateway-api`. */
  readonly name: string;
  /** One line for `--help`. */
  readonly description: string;
  export(config: ResolvedConfig, analysis: ConfigAnalysis): ExportResult;
}

/** Collects findings as an exporter walks the config. */
export class FindingList {
  readonly items: ExportFinding[] = [];
  /** Something the engine cannot do: the route (or upstream) behaves differently there. */
  unsupported(path: string, message: string): string {
    return this.add({ ruleId: 'export/unsupported', severity: 'error', path, message });
  }
  /** Routing is the same, a detail differs (balancing, health probing). */
  approximate(path: string, message: string): string {
    return this.add({ ruleId: 'export/approximate', severity: 'warn', path, message });
  }

  // Shared pieces (an upstream behind several routes) are reported once.
  private add(finding: ExportFinding): string {
    if (!this.items.some((f) => f.path === finding.path && f.message === finding.message))
      this.items.push(finding);
    return finding.message;
  }
}
