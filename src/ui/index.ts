/**
 * The terminal UI of `gateway dev`: `startUi` subscribes a plain-data store to the gateway's
 * events and draws it with Ink (src/ui/start.tsx), at most ~10 frames a second.
 */
import type { UiHandle, UiOptions } from '../events.js';

export type { AppProps } from './components/App.js';
export type { ScreenInput, ScreenModel } from './present/screen.js';
export { KEY_HELP } from './present/help.js';
export { applyEvent, clearRequests, createUiState, subscribeState, type UiState } from './store/store.js';
export { Ring } from './store/ring.js';

/**
 * Starts the UI on `options.stdout` (a TTY); `gateway dev` closes the handle on exit.
 * @example const ui = await startUi({ events, getTable, reload, stdout, stdin, quit, listeningLine });
 */
export async function startUi(options: UiOptions): Promise<UiHandle> {
  // React picks its build when first loaded: the development build checks every element and keeps
  // a stack per element (console.createTask), which costs the proxy several times over under load.
  process.env.NODE_ENV ??= 'production';
  const { startInk } = await import('./start.js');
  return startInk(options);
}
