/** `gateway explain <METHOD> <URL>`: how one request would be handled, and why. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { colors } from '../format/color.js';
import { formatDecision } from '../format/decision.js';
import { createPools } from '../pipeline/balance/index.js';
import { decide } from '../pipeline/decide.js';
import { checkUrl, toRequestInput } from '../pipeline/local-request.js';
import type { Decision } from '../pipeline/types.js';
import type { CommandIO, CommandResult } from './io.js';
import { formatIssues, loadTable } from './load-table.js';

export interface ExplainOptions extends CommandIO {
  readonly method: string;
  /** A path with optional query, or an absolute URL. */
  readonly url: string;
  readonly config?: string;
  /** `Name: value` strings, as `-H` takes them. */
  readonly headers?: readonly string[];
  /** The body, or `@file` to read it from a file. */
  readonly data?: string;
  readonly json?: boolean;
  /**
   * List every route, in evaluation order. By default only the routes that got past their path
   * condition are listed and the rest is summed up in one line (`--json` always has them all).
   */
  readonly all?: boolean;
  /** Pinned clock for reproducible output (tests). @default Date.now */
  readonly now?: () => number;
}

export interface ExplainResult extends CommandResult {
  readonly decision?: Decision;
}

/** Explains one request; exit 0 when it would be forwarded or answered, 1 when rejected, 2 on bad input. */
export async function explain(options: ExplainOptions): Promise<ExplainResult> {
  const c = colors(options.color);
  const headers = parseHeaders(options.headers ?? []);
  if (!headers.ok) {
    options.stderr.write(`${c.red('error')} ${headers.error}\n`);
    return { exitCode: 2 };
  }
  const urlProblem = checkUrl(options.url);
  if (urlProblem !== undefined) {
    options.stderr.write(`${c.red('error')} ${urlProblem}\n`);
    return { exitCode: 2 };
  }
  // Once: Node may import a TS config itself, and only the matched route's transform (if any)
  // loads protobuf or SOAP libraries.
  const loaded = await loadTable({
    cwd: options.cwd,
    configPath: options.config,
    env: options.env,
    once: true,
  });
  if (!loaded.ok) {
    options.stderr.write(formatIssues(loaded.issues, options.cwd, c));
    return { exitCode: 2 };
  }
  const body = options.data === undefined ? undefined : await readData(options.data, options.cwd);
  if (body && !body.ok) {
    options.stderr.write(`${c.red('error')} ${body.error}\n`);
    return { exitCode: 2 };
  }
  const input = toRequestInput(options.method, options.url, headers.headers, body?.bytes);
  const decision = await decide(input, loaded.table, {
    now: options.now ?? Date.now,
    // A fresh balancer with a pinned random source: the same request always explains the same way.
    random: () => 0.5,
    pools: createPools(),
    fetch: globalThis.fetch,
    trace: 'full',
  });
  if (options.json) options.stdout.write(`${JSON.stringify(decision, jsonReplacer, 2)}\n`);
  else options.stdout.write(`${formatDecision(decision, c, { allRoutes: options.all }).join('\n')}\n`);
  return { exitCode: decision.action === 'reject' ? 1 : 0, decision };
}

/** Parses `-H 'Name: value'` flags; repeated names become lists, as node presents them. */
export function parseHeaders(
  raw: readonly string[],
): { ok: true; headers: Record<string, string | string[]> } | { ok: false; error: string } {
  const headers: Record<string, string | string[]> = {};
  for (const line of raw) {
    const colon = line.indexOf(':');
    if (colon <= 0) return { ok: false, error: `-H "${line}": expected "Name: value"` };
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const existing = headers[name];
    headers[name] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return { ok: true, headers };
}

async function readData(
  data: string,
  cwd: string,
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; error: string }> {
  if (!data.startsWith('@')) return { ok: true, bytes: new TextEncoder().encode(data) };
  const path = resolve(cwd, data.slice(1));
  try {
    return { ok: true, bytes: await readFile(path) };
  } catch (error) {
    return {
      ok: false,
      error: `--data ${data}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    };
  }
}

// RegExps and Maps do not survive JSON.stringify; print them as their source.
function jsonReplacer(_key: string, value: unknown): unknown {
  if (value instanceof RegExp) return value.toString();
  return value;
}
