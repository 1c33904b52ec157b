/** `gateway test` reporters, by the name `--reporter` takes. */
import { reportJson } from './json.js';
import { reportJunit } from './junit.js';
import { reportPretty } from './pretty.js';
import { reportTap } from './tap.js';
import type { Reporter } from './types.js';

export type { ReportContext, Reporter } from './types.js';

export const REPORTERS = {
  pretty: reportPretty,
  json: reportJson,
  tap: reportTap,
  junit: reportJunit,
} as const satisfies Record<string, Reporter>;

export type ReporterName = keyof typeof REPORTERS;
