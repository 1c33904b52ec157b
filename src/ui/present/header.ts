/** The header line and the reload error banner, from the store's reload state. */
import { relative } from 'node:path';
import { changedRequests, formatDuration, formatIssue, reloadRefusal } from '../../log/index.js';
import { colors } from '../../format/color.js';
import type { UiState } from '../store/store.js';
import { plural, type Segment, shortClock } from './text.js';

/** Issues shown in the banner; the rest are counted. */
const BANNER_ISSUES = 4;

/** `gateway listening on http://127.0.0.1:8080 · reloaded 12:04:35 (13 routes, 41ms) · gateway.config.ts`. */
export function headerSegments(
  state: UiState,
  listeningLine: string,
  configFile: string | undefined,
  routes: number,
  cwd: string,
  chaos: readonly string[] = [],
): Segment[] {
  const url = state.listeningUrl ? `gateway listening on ${state.listeningUrl}` : listeningLine;
  const segments: Segment[] = [
    { text: url, tone: 'bold' },
    { text: '  ·  ', tone: 'dim' },
  ];
  // What a key just did (`s`: the HAR file's name) comes before the reload state, which may be cut.
  if (state.notice !== undefined)
    segments.push({ text: state.notice, tone: 'ok' }, { text: '  ·  ', tone: 'dim' });
  const last = state.lastReload;
  if (state.reloading) segments.push({ text: 'reloading…', tone: 'warn' });
  else if (last === undefined)
    segments.push({ text: `loaded ${shortClock(state.startedAt)} (${plural(routes, 'route')})` });
  else if (last.ok) {
    const e = last.event;
    segments.push({
      text: `reloaded ${shortClock(last.at)} (${plural(e.routes, 'route')}, ${formatDuration(e.durationMs)}${e.requests ? `, ${changedRequests(e.requests)}` : ''})`,
      tone: 'ok',
    });
  } else segments.push({ text: `reload failed ${shortClock(last.at)}`, tone: 'error' });
  // Mirrored copies never change an answer, so their failures would go unseen anywhere else.
  if (state.mirrorFailures > 0)
    segments.push(
      { text: '  ·  ', tone: 'dim' },
      { text: plural(state.mirrorFailures, 'mirror failure'), tone: 'error' },
    );
  if (chaos.length > 0)
    segments.push({ text: '  ·  ', tone: 'dim' }, { text: `↯ chaos on ${chaos.join(', ')}`, tone: 'warn' });
  if (state.notice !== undefined)
    segments.push({ text: '  ·  ', tone: 'dim' }, { text: state.notice, tone: 'ok' });
  // The file name comes last: on a narrow terminal it is the part that gets cut.
  if (configFile !== undefined)
    segments.push({ text: '  ·  ', tone: 'dim' }, { text: show(configFile, cwd), tone: 'dim' });
  return segments;
}

/**
 * The failed reload, until a reload succeeds: which file, and each issue with file:line, key
 * path and message — the lines the access log prints (without colour; the banner colours them).
 */
export function bannerLines(state: UiState, cwd: string): Segment[][] {
  const failed = state.failedReload;
  if (failed === undefined) return [];
  const { file, issues } = failed.event;
  const lines: Segment[][] = [
    [
      { text: '✘ ', tone: 'error' },
      {
        text: `${show(file, cwd)} changed — ${reloadRefusal(failed.event)}, still serving the previous routes:`,
        tone: 'error',
      },
    ],
  ];
  const plain = colors(false);
  for (const issue of issues.slice(0, BANNER_ISSUES))
    lines.push([{ text: `  ${formatIssue(issue, cwd, plain)}` }]);
  if (issues.length > BANNER_ISSUES)
    lines.push([{ text: `  … ${issues.length - BANNER_ISSUES} more`, tone: 'dim' }]);
  return lines;
}

function show(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') ? file : rel;
}
