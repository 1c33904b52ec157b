/**
 * What each key does: a pure reducer from (view state, key) to the next view state, plus the one
 * effect the caller runs (quit, reload, clear). Keeping it pure keeps every key testable without
 * a terminal.
 */

/** Which screen is up: the request list, one request's trace, the key list, or the filter prompt. */
export type Mode = 'list' | 'trace' | 'help' | 'filter';

/** The screen's own state (everything that is not an event). */
export interface ViewState {
  readonly mode: Mode;
  /** `seq` of the selected request; `undefined` follows the newest. */
  readonly selected: number | undefined;
  /** The applied filter text (`''`: none). */
  readonly filter: string;
  /** What is typed at the `/` prompt. */
  readonly draft: string;
  /** `p`: the list shows requests up to this `seq` only. */
  readonly pausedAt: number | undefined;
  /** First trace line shown (long traces scroll). */
  readonly traceScroll: number;
}

/** A key, named the way the reducer cares about it. */
export type KeyPress =
  | { readonly name: 'up' | 'down' | 'pageup' | 'pagedown' | 'enter' | 'escape' | 'backspace' | 'interrupt' }
  | { readonly name: 'char'; readonly char: string };

/** Something the key asks the caller to do besides changing the view. */
export type KeyEffect = 'quit' | 'reload' | 'clear' | 'chaos' | 'save-har';

/** What the reducer needs to know about the list. */
export interface ListNavigation {
  /** The next request to select in `direction` (see `stepSelection`). */
  step(selected: number | undefined, direction: -1 | 1): number | undefined;
  /** `seq` of the newest request (where `p` pauses). */
  readonly newest: number;
  /** Trace lines that fit on screen (for page keys). */
  readonly pageSize: number;
}

export const initialView: ViewState = {
  mode: 'list',
  selected: undefined,
  filter: '',
  draft: '',
  pausedAt: undefined,
  traceScroll: 0,
};

/** Applies one key. */
export function reduceKey(
  view: ViewState,
  key: KeyPress,
  nav: ListNavigation,
): { readonly view: ViewState; readonly effect?: KeyEffect } {
  if (key.name === 'interrupt') return { view, effect: 'quit' };
  if (view.mode === 'filter') return { view: reduceFilterKey(view, key) };
  const char = key.name === 'char' ? key.char : undefined;
  if (char === 'q') return { view, effect: 'quit' };
  if (view.mode === 'help') return { view: { ...view, mode: 'list' } };
  if (view.mode === 'trace') return { view: reduceTraceKey(view, key, nav) };

  switch (key.name) {
    case 'up':
      return { view: { ...view, selected: nav.step(view.selected, -1) } };
    case 'down':
      return { view: { ...view, selected: nav.step(view.selected, 1) } };
    case 'enter':
      return { view: view.selected === undefined ? view : { ...view, mode: 'trace', traceScroll: 0 } };
    case 'escape':
      if (view.selected !== undefined) return { view: { ...view, selected: undefined } };
      if (view.filter !== '') return { view: { ...view, filter: '' } };
      return { view: { ...view, pausedAt: undefined } };
  }
  switch (char) {
    case '/':
      return { view: { ...view, mode: 'filter', draft: view.filter } };
    case 'p':
      return { view: { ...view, pausedAt: view.pausedAt === undefined ? nav.newest : undefined } };
    case 'c':
      return { view: { ...view, selected: undefined }, effect: 'clear' };
    case 'r':
      return { view, effect: 'reload' };
    case 'f':
      // Chaos mode is switched on the selected request's route: nothing selected, nothing to switch.
      return view.selected === undefined ? { view } : { view, effect: 'chaos' };
    case 's':
      return { view, effect: 'save-har' };
    case '?':
      return { view: { ...view, mode: 'help' } };
  }
  return { view };
}

function reduceFilterKey(view: ViewState, key: KeyPress): ViewState {
  switch (key.name) {
    case 'enter':
      return { ...view, mode: 'list', filter: view.draft.trim(), draft: '', selected: undefined };
    case 'escape':
      return { ...view, mode: 'list', draft: '' };
    case 'backspace':
      return { ...view, draft: view.draft.slice(0, -1) };
    case 'char':
      // Pasted text arrives as one string; control characters are not part of a filter.
      return { ...view, draft: view.draft + key.char.replace(/[\u0000-\u001f\u007f]/g, '') };
  }
  return view;
}

function reduceTraceKey(view: ViewState, key: KeyPress, nav: ListNavigation): ViewState {
  switch (key.name) {
    case 'enter':
    case 'escape':
      return { ...view, mode: 'list' };
    case 'up':
      return { ...view, traceScroll: Math.max(0, view.traceScroll - 1) };
    case 'down':
      return { ...view, traceScroll: view.traceScroll + 1 };
    case 'pageup':
      return { ...view, traceScroll: Math.max(0, view.traceScroll - nav.pageSize) };
    case 'pagedown':
      return { ...view, traceScroll: view.traceScroll + nav.pageSize };
  }
  return view;
}
