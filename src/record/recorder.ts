/**
 * `gateway dev --record FILE`: appends a `gateway test` case for each distinct request shape the
 * proxy decides. YAML files (`.yaml`, `.yml`) are a list that grows by appending text; JSON files
 * are rewritten whole (atomically) after each new case. Cases already in the file count, so a
 * restart neither repeats them nor exceeds `max`. Memory holds one key per case (and, for JSON,
 * the cases), never more than `max`: a day of traffic costs what `max` cases cost.
 */
import { appendFile, readFile, rename, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Result } from '../config/issues.js';
import { parseDataFile } from '../config/load-data.js';
import type { RouteTestConfig } from '../config/schema/index.js';
import type { GatewayEventBus } from '../events.js';
import type { RouteTable } from '../pipeline/table.js';
import { recordedCase } from './shape.js';

/** `--record-max` when not given. */
export const DEFAULT_RECORD_MAX = 1000;

export interface RecorderOptions {
  readonly file: string;
  /** Stop adding cases at this many (those already in the file included). @default DEFAULT_RECORD_MAX */
  readonly max?: number;
  readonly events: GatewayEventBus;
  /** The table serving now (for which headers decide and which are credentials). */
  readonly getTable: () => RouteTable;
  /** Called once when `max` is reached. */
  readonly onFull?: (max: number) => void;
  /** Called when a write fails (the recorder then stops). */
  readonly onError?: (error: Error) => void;
}

export interface Recorder {
  /** Cases in the file now. */
  readonly count: () => number;
  /** Stops listening and waits for pending writes. */
  close(): Promise<void>;
}

/** Starts recording; fails when the file exists but is not a list of cases. */
export async function startRecorder(options: RecorderOptions): Promise<Result<{ recorder: Recorder }>> {
  const max = options.max ?? DEFAULT_RECORD_MAX;
  const format = /^\.ya?ml$/i.test(extname(options.file)) ? 'yaml' : 'json';
  const existing = await readExisting(options.file, format);
  if (!existing.ok) return existing;
  const keys = new Set(existing.cases.map(caseKey));
  const cases = format === 'json' ? [...existing.cases] : [];
  let count = existing.cases.length;
  let writes = Promise.resolve();
  let stopped = false;

  const stop = options.events.on('request-decided', (event) => {
    if (stopped || event.headers === undefined) return;
    const recorded = recordedCase(event.decision, event.headers, options.getTable());
    const key = caseKey(recorded);
    if (keys.has(key)) return;
    if (count >= max) {
      stopped = true;
      options.onFull?.(max);
      return;
    }
    keys.add(key);
    count++;
    if (format === 'json') cases.push(recorded);
    writes = writes
      .then(() => (format === 'yaml' ? appendYaml(options.file, recorded) : writeJson(options.file, cases)))
      .catch((error: Error) => {
        stopped = true;
        options.onError?.(error);
      });
  });

  return {
    ok: true,
    recorder: {
      count: () => count,
      async close() {
        stop();
        await writes;
      },
    },
  };
}

/** Two requests are the same shape when their recorded request and route agree. */
function caseKey(recorded: RouteTestConfig): string {
  const headers = Object.entries(recorded.request.headers ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify([
    (recorded.request.method ?? 'GET').toUpperCase(),
    recorded.request.url,
    headers,
    recorded.expect.route ?? null,
  ]);
}

async function readExisting(
  file: string,
  format: 'json' | 'yaml',
): Promise<Result<{ cases: RouteTestConfig[] }>> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch {
    return { ok: true, cases: [] };
  }
  if (source.trim() === '') return { ok: true, cases: [] };
  const parsed = parseDataFile(file, source, format);
  if (parsed.issue) return { ok: false, issues: [parsed.issue] };
  if (!Array.isArray(parsed.value))
    return {
      ok: false,
      issues: [
        { path: '', message: '--record needs a file holding a list of test cases (or no file yet)', file },
      ],
    };
  return { ok: true, cases: parsed.value as RouteTestConfig[] };
}

async function appendYaml(file: string, recorded: RouteTestConfig): Promise<void> {
  const { stringify } = await import('yaml');
  await appendFile(file, stringify([recorded], { lineWidth: 0 }));
}

async function writeJson(file: string, cases: readonly RouteTestConfig[]): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(cases, null, 2)}\n`);
  await rename(temporary, file);
}
