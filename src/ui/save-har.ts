/** The UI's `s` key: the requests the list keeps, saved as one HAR 1.2 file in the current folder. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { harEntry, harLog } from '../har/index.js';
import type { RouteTable } from '../pipeline/table.js';
import type { UiState } from './store/store.js';

/**
 * Writes every request the ring holds (oldest first) to `gateway-<time>.har` in `cwd`; resolves
 * with the line the header shows. Requests past the last `DETAILED` are trimmed: their entries
 * carry the decision's summary but no headers or bodies. Credentials are redacted as in `--har` and the access log.
 */
export async function saveRequestsAsHar(
  state: UiState,
  table: RouteTable,
  cwd: string,
  now: number = Date.now(),
): Promise<string> {
  const entries = [];
  for (let seq = state.requests.oldestSeq; seq <= state.requests.newestSeq; seq++) {
    const request = state.requests.at(seq);
    if (request !== undefined) entries.push(harEntry(request, table));
  }
  // `gateway-20261203-102158.har`: short enough for the header line, sorted by time.
  const name = `gateway-${new Date(now).toISOString().slice(0, 19).replace(/-|:/g, '').replace('T', '-')}.har`;
  try {
    await writeFile(join(cwd, name), `${JSON.stringify(harLog(entries), null, 2)}\n`);
    return `saved ${entries.length} request${entries.length === 1 ? '' : 's'} to ${name}`;
  } catch (error) {
    return `cannot save ${name}: ${(error as Error).message}`;
  }
}
