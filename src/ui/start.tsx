/** Starts Ink with the App (loaded by index.ts once React's production build is selected). */
import { render } from 'ink';
import type { UiHandle, UiOptions } from '../events.js';
import { shouldColor } from '../format/color.js';
import { App } from './components/App.js';
import { createUiState, subscribeState } from './store/store.js';

/**
 * Starts the UI on `options.stdout` (a TTY) and returns the handle `gateway dev` closes on exit.
 * Uses the terminal's alternate screen, like `htop` or `less`: quitting restores what was there.
 */
export function startInk(options: UiOptions): UiHandle {
  const state = createUiState();
  const unsubscribe = subscribeState(state, options.events);
  const color = options.color ?? shouldColor(options.stdout, process.env);
  const instance = render(
    <App
      state={state}
      getTable={options.getTable}
      getPools={options.getPools}
      listeningLine={options.listeningLine}
      color={color}
      cwd={process.cwd()}
      quit={options.quit}
      reload={options.reload}
      routeState={options.routeState}
    />,
    {
      stdout: options.stdout as NodeJS.WriteStream,
      stdin: options.stdin,
      // Ctrl-C is a key like `q`: `gateway dev` shuts down gracefully, then closes the UI.
      exitOnCtrlC: false,
      patchConsole: false,
      // `gateway dev` only starts the UI on a TTY; Ink would otherwise turn itself off under CI=1.
      interactive: true,
      alternateScreen: true,
      maxFps: 10,
    },
  );
  let closed: Promise<void> | undefined;
  return {
    close() {
      closed ??= (async () => {
        unsubscribe();
        instance.unmount();
        await instance.waitUntilExit().catch(() => undefined);
      })();
      return closed;
    },
  };
}
