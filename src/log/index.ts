/** The access log (`--no-ui`, or stdout not a TTY): `pretty` aligned lines or `json` objects, from gateway events. */
import type { Output } from '../format/output.js';
import type { GatewayEventBus } from '../events.js';
import { colors } from '../format/color.js';
import type { RouteTable } from '../pipeline/table.js';
import { jsonHealthLine, jsonReloadFailure, jsonReloadLine, jsonRequestLine } from './json.js';
import { formatHealthLine, formatReloadFailure, formatReloadLine, formatRequestLine } from './pretty.js';
import { createLineWriter } from './writer.js';

export { formatDuration, formatIssue } from './pretty.js';
export { type DecisionSummary, redactUrl, summarizeDecision } from './summary.js';

export interface AccessLogOptions {
  readonly format: 'pretty' | 'json';
  readonly stdout: Output;
  readonly color: boolean;
  /** For relative file names in reload lines. */
  readonly cwd: string;
  /** The table serving now (its auth providers say which query parameters are credentials). */
  readonly getTable: () => RouteTable | undefined;
}

/** Subscribes the access log to `events`; the returned function unsubscribes and flushes. */
export function attachAccessLog(events: GatewayEventBus, options: AccessLogOptions): () => void {
  const out = createLineWriter(options.stdout);
  const c = colors(options.color);
  const json = options.format === 'json';
  const off = [
    events.on('request-finished', (e) =>
      out.line(json ? jsonRequestLine(e, options.getTable()) : formatRequestLine(e, options.getTable(), c)),
    ),
    events.on('reload-succeeded', (e) =>
      out.line(json ? jsonReloadLine(e) : formatReloadLine(e, options.cwd, c)),
    ),
    events.on('reload-failed', (e) =>
      out.line(json ? jsonReloadFailure(e) : formatReloadFailure(e, options.cwd, c)),
    ),
    events.on('target-health', (e) => out.line(json ? jsonHealthLine(e) : formatHealthLine(e, c))),
  ];
  return () => {
    for (const unsubscribe of off) unsubscribe();
    out.flush();
  };
}
