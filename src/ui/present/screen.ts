/**
 * Everything one frame shows, as plain data: `buildScreen` turns the store, the view state and
 * the terminal size into lines of segments, and the components only lay them out. Runs once per
 * frame (at most ~10 times a second), never per event.
 */
import { colors } from '../../format/color.js';
import type { PoolsSnapshot } from '../../pipeline/balance/index.js';
import type { BucketFill } from '../../pipeline/rate-limit/index.js';
import type { RouteTable } from '../../pipeline/table.js';
import type { UiState } from '../store/store.js';
import { compileFilter } from '../view/filter.js';
import type { ViewState } from '../view/keys.js';
import { listWindow } from '../view/window.js';
import { layoutColumns } from './columns.js';
import { bucketLines } from './buckets.js';
import { bannerLines, headerSegments } from './header.js';
import { KEY_HELP, KEY_HINTS } from './help.js';
import { headingText, REQUEST_COLUMNS, requestSegments } from './request.js';
import { ROUTE_COLUMNS, routeRows, routeSegments } from './routes.js';
import { fit, type Segment } from './text.js';
import { traceLines } from './trace.js';
import { targetRows, targetSegments, UPSTREAM_COLUMNS } from './upstreams.js';

export interface ScreenInput {
  readonly state: UiState;
  readonly view: ViewState;
  readonly table: RouteTable;
  readonly pools: PoolsSnapshot | undefined;
  readonly listeningLine: string;
  readonly width: number;
  readonly height: number;
  readonly color: boolean;
  /** For relative file names. */
  readonly cwd: string;
  /** Routes in chaos mode and the rate-limit buckets' fill, read once per frame. */
  readonly routeState?: RouteStateView;
}

/** What the screen shows of the proxy's route state. */
export interface RouteStateView {
  readonly chaos: readonly string[];
  readonly buckets: readonly BucketFill[];
}

/** A titled table: a heading line and its rows, padded to the panel's height. */
export interface Panel {
  readonly title: Segment[];
  readonly heading: string;
  readonly rows: readonly (readonly Segment[])[];
}

export interface ListRow {
  readonly seq: number;
  readonly selected: boolean;
  readonly segments: readonly Segment[];
}

export type ScreenBody =
  | {
      readonly kind: 'list';
      readonly requests: {
        readonly title: Segment[];
        readonly heading: string;
        readonly list: readonly ListRow[];
      };
      /** Rows the list has room for (the list pads to it). */
      readonly listHeight: number;
      readonly routes: Panel | undefined;
      readonly upstreams: Panel | undefined;
      readonly panelHeight: number;
    }
  | {
      readonly kind: 'trace';
      readonly title: Segment[];
      readonly lines: readonly string[];
      readonly height: number;
    }
  | { readonly kind: 'help'; readonly lines: readonly Segment[][]; readonly height: number };

export interface ScreenModel {
  readonly width: number;
  readonly header: Segment[];
  readonly banner: Segment[][];
  readonly body: ScreenBody;
  readonly footer: Segment[];
}

/** Builds one frame. */
export function buildScreen(input: ScreenInput): ScreenModel {
  const { state, view, table, width } = input;
  const header = headerSegments(
    state,
    input.listeningLine,
    table.config.file,
    table.routes.length,
    input.cwd,
    input.routeState?.chaos,
  );
  const banner = bannerLines(state, input.cwd);
  const bodyHeight = Math.max(3, input.height - 2 - banner.length);
  const selected = view.selected !== undefined ? state.requests.at(view.selected) : undefined;
  let body: ScreenBody;
  if (view.mode === 'trace' && selected !== undefined) {
    const all = traceLines(selected, colors(input.color));
    const room = bodyHeight - 1;
    const scroll = Math.min(view.traceScroll, Math.max(0, all.length - room));
    const more =
      all.length > room
        ? `  lines ${scroll + 1}–${Math.min(all.length, scroll + room)} of ${all.length}`
        : '';
    body = {
      kind: 'trace',
      title: [
        { text: 'TRACE ', tone: 'bold' },
        { text: `${selected.method} ${selected.url}`, tone: 'accent' },
        { text: `  (compact: only the winning route)${more}  Esc back`, tone: 'dim' },
      ],
      lines: all.slice(scroll, scroll + room),
      height: bodyHeight,
    };
  } else if (view.mode === 'help') {
    body = {
      kind: 'help',
      lines: [
        [{ text: 'KEYS', tone: 'bold' }],
        ...KEY_HELP.map((k) => [{ text: fit(k.keys, 12), tone: 'accent' as const }, { text: k.action }]),
      ],
      height: bodyHeight,
    };
  } else body = listBody(input, bodyHeight);
  return { width, header, banner, body, footer: footerSegments(input) };
}

function listBody(input: ScreenInput, bodyHeight: number): ScreenBody {
  const { state, view, table, width } = input;
  const routes = routeRows(table, state.routes, input.routeState?.chaos);
  const targets = targetRows(table, input.pools, state.health);
  // The panels get what they need up to 45% of the body; tiny terminals show the list only.
  const panelHeight =
    bodyHeight < 12
      ? 0
      : Math.min(2 + Math.max(routes.length, targets.length), Math.floor(bodyHeight * 0.45));
  const listHeight = bodyHeight - panelHeight - 2 - (panelHeight > 0 ? 1 : 0);

  const filter = compileFilter(view.filter);
  const window = listWindow(state.requests, filter, listHeight, view.selected, view.pausedAt);
  const columns = layoutColumns(REQUEST_COLUMNS, width - 2);
  const list = window.seqs.map((seq) => ({
    seq,
    selected: seq === view.selected,
    segments: requestSegments(state.requests.at(seq)!, columns, table),
  }));
  const title: Segment[] = [
    { text: 'REQUESTS ', tone: 'bold' },
    {
      text: `${window.matching}${view.filter ? ' matching' : ''} of ${state.requests.length} kept`,
      tone: 'dim',
    },
  ];
  if (view.filter) title.push({ text: `  filter "${view.filter}"`, tone: 'accent' });
  if (view.pausedAt !== undefined)
    title.push({ text: `  paused (${window.hiddenByPause} new)`, tone: 'warn' });

  let routesPanel: Panel | undefined;
  let upstreamsPanel: Panel | undefined;
  if (panelHeight > 0) {
    const rows = panelHeight - 2;
    const left = Math.floor((width - 2) / 2);
    const routeColumns = layoutColumns(ROUTE_COLUMNS, left);
    const targetColumns = layoutColumns(UPSTREAM_COLUMNS, width - left - 2);
    routesPanel = {
      title: [{ text: 'ROUTES', tone: 'bold' }],
      heading: headingText(routeColumns),
      rows: clip(
        routes.flatMap((r) => [
          routeSegments(r, routeColumns),
          ...bucketLines(input.routeState?.buckets ?? [], r.name, left),
        ]),
        rows,
      ),
    };
    upstreamsPanel = {
      title: [{ text: 'UPSTREAMS', tone: 'bold' }],
      heading: headingText(targetColumns),
      rows: clip(
        targets.map((t) => targetSegments(t, targetColumns)),
        rows,
      ),
    };
  }
  return {
    kind: 'list',
    requests: { title, heading: `  ${headingText(columns)}`, list },
    listHeight,
    routes: routesPanel,
    upstreams: upstreamsPanel,
    panelHeight,
  };
}

/** The first `rows` lines, the last one saying how many more there are. */
function clip(lines: Segment[][], rows: number): Segment[][] {
  if (lines.length <= rows) return lines;
  return [...lines.slice(0, rows - 1), [{ text: `… ${lines.length - rows + 1} more`, tone: 'dim' }]];
}

function footerSegments(input: ScreenInput): Segment[] {
  const { state, view } = input;
  if (state.shutdown !== undefined)
    return [{ text: `${state.shutdown} — finishing in-flight requests…`, tone: 'warn' }];
  if (view.mode === 'filter')
    return [
      { text: 'filter: ', tone: 'bold' },
      { text: `${view.draft}▏` },
      { text: '  path, route or status (404, 5xx) · Enter apply · Esc cancel', tone: 'dim' },
    ];
  if (view.mode === 'trace') return [{ text: 'Esc/Enter back  ↑↓ scroll  q quit', tone: 'dim' }];
  if (view.mode === 'help') return [{ text: 'any key closes the help', tone: 'dim' }];
  return [{ text: KEY_HINTS, tone: 'dim' }];
}
