/**
 * The UI's one stateful component: it owns the view state (selection, filter, pause, mode), turns
 * keys into view changes and effects, and draws a frame when the store changed — checked on a
 * timer, so a burst of requests costs at most `1000 / frameMs` renders a second, not one each;
 * under load (many changes a frame) a frame every `BUSY_FRAMES` ticks is plenty to read.
 */
import { useInput, useWindowSize } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { PoolsSnapshot } from '../../pipeline/balance/index.js';
import type { RouteRuntime } from '../../pipeline/route-state.js';
import type { RouteTable } from '../../pipeline/table.js';
import { buildScreen } from '../present/screen.js';
import { saveRequestsAsHar } from '../save-har.js';
import { clearRequests, type UiState } from '../store/store.js';
import { compileFilter } from '../view/filter.js';
import { initialView, type KeyEffect, type ListNavigation, reduceKey, type ViewState } from '../view/keys.js';
import { stepSelection } from '../view/window.js';
import { toKeyPress } from './key-press.js';
import { Screen } from './Screen.js';

export interface AppProps {
  readonly state: UiState;
  readonly getTable: () => RouteTable;
  /** Live balancer state for the upstreams panel. */
  readonly getPools?: () => PoolsSnapshot;
  readonly listeningLine: string;
  readonly color: boolean;
  readonly cwd: string;
  readonly quit: () => void;
  readonly reload: () => Promise<void>;
  /** A fixed size (tests); otherwise the terminal's, following resizes. */
  readonly size?: { readonly width: number; readonly height: number };
  /** How often the store is checked for changes. @default 100 (at most 10 frames a second) */
  readonly frameMs?: number;
  /** Rate-limit buckets and chaos mode (`f`); the panel and header show them. */
  readonly routeState?: RouteRuntime;
}

/** Even without events, in-flight counts in the pools change: redraw at least this often. */
const POOLS_REFRESH_MS = 1000;

export function App(props: AppProps) {
  const { state } = props;
  const terminal = useWindowSize();
  const width = props.size?.width ?? terminal.columns;
  const height = props.size?.height ?? terminal.rows;
  const [view, setView] = useState<ViewState>(initialView);
  // Keys that arrive in one chunk are handled before React re-renders: each must see the last one's view.
  const current = useRef(view);
  current.current = view;
  const [frame, setFrame] = useTimedFrame(state, props.frameMs ?? 100, props.getPools !== undefined);

  useInput((input, key) => {
    const press = toKeyPress(input, key);
    if (press === undefined) return;
    const view = current.current;
    const filter = compileFilter(view.filter);
    const nav: ListNavigation = {
      step: (selected, direction) =>
        stepSelection(state.requests, filter, selected, direction, view.pausedAt),
      newest: state.requests.newestSeq,
      pageSize: Math.max(1, height - 4),
    };
    const next = reduceKey(view, press, nav);
    if (next.view !== view) {
      current.current = next.view;
      setView(next.view);
    }
    if (next.effect !== undefined) runEffect(next.effect, props, view.selected);
    setFrame();
  });

  const model = buildScreen({
    state,
    view,
    table: props.getTable(),
    pools: props.getPools?.(),
    listeningLine: props.listeningLine,
    width,
    height: height - 1,
    color: props.color,
    cwd: props.cwd,
    routeState: props.routeState && {
      chaos: props.routeState.chaos.routes(),
      buckets: props.routeState.buckets.snapshot(Date.now()),
    },
  });
  void frame;
  return <Screen model={model} color={props.color} />;
}

function runEffect(effect: KeyEffect, props: AppProps, selected: number | undefined): void {
  const { state } = props;
  if (effect === 'quit') props.quit();
  else if (effect === 'clear') clearRequests(state);
  else if (effect === 'chaos') {
    // The overlay is read by the pipeline's fault stage on the next request: no side path.
    const route = selected === undefined ? undefined : state.requests.at(selected)?.decision?.route?.name;
    if (route !== undefined && props.routeState !== undefined) {
      props.routeState.chaos.toggle(route);
      state.version++;
    }
  } else if (effect === 'save-har') {
    void saveRequestsAsHar(state, props.getTable(), props.cwd).then((notice) => {
      state.notice = notice;
      state.version++;
    });
  } else {
    state.reloading = true;
    state.version++;
    // The reload's own event clears `reloading`; this covers a reload that reports nothing.
    void props.reload().finally(() => {
      if (state.reloading) {
        state.reloading = false;
        state.version++;
      }
    });
  }
}

/** More store changes than this since the last frame: the gateway is under load. */
const BUSY_CHANGES = 20;
/**
 * Under load a frame is drawn every this many ticks (2.5 × frameMs: 4 frames a second by
 * default). Each frame is a React render, an Ink layout and a terminal write, and the terminal
 * parses it on the same machine; a person cannot read a list that scrolls faster anyway.
 */
const BUSY_FRAMES = 2.5;

/**
 * A frame counter bumped by a timer when `state.version` moved (or, with pools, once a second),
 * and by `bump()` after a key. Returns [frame, bump].
 */
function useTimedFrame(state: UiState, frameMs: number, refreshPools: boolean): [number, () => void] {
  const [frame, setFrame] = useState(0);
  const drawn = useRef({ version: state.version, at: Date.now() });
  useEffect(() => {
    const timer = setInterval(() => {
      const now = Date.now();
      const stale = refreshPools && now - drawn.current.at >= POOLS_REFRESH_MS;
      const changes = state.version - drawn.current.version;
      if (changes === 0 && !stale) return;
      if (changes > BUSY_CHANGES && now - drawn.current.at < frameMs * BUSY_FRAMES) return;
      drawn.current = { version: state.version, at: now };
      setFrame((n) => n + 1);
    }, frameMs);
    return () => clearInterval(timer);
  }, [state, frameMs, refreshPools]);
  return [frame, () => setFrame((n) => n + 1)];
}
