/**
 * Keys through the real App (ink-testing-library's stdin): selection, the trace view, the filter
 * prompt, pause, clear, reload, help and quit. Frames are awaited by polling (the App draws on a
 * timer), never by sleeping a fixed time.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createEventBus, type GatewayEventBus, type GatewayEvents } from '../src/events.js';
import type { RouteTable } from '../src/pipeline/table.js';
import { App } from '../src/ui/components/App.js';
import { initialView, reduceKey } from '../src/ui/view/keys.js';
import { createUiState, subscribeState } from '../src/ui/store/store.js';
import { demoTable, recordSession, T0 } from './ui-support.js';

const UP = '\u001b[A';
const DOWN = '\u001b[B';
const ENTER = '\r';
const ESC = '\u001b';

let table: RouteTable;
let session: GatewayEvents['request-finished'][];

test.before(async () => {
  table = await demoTable();
  session = await recordSession(table);
});

function start(cwd = process.cwd()) {
  const events: GatewayEventBus = createEventBus();
  const state = createUiState({ now: () => T0 });
  const off = subscribeState(state, events, () => T0);
  const calls = { quit: 0, reload: 0 };
  const app = render(
    <App
      state={state}
      getTable={() => table}
      listeningLine="gateway listening on http://127.0.0.1:8080"
      color={false}
      cwd={cwd}
      quit={() => calls.quit++}
      reload={async () => {
        calls.reload++;
      }}
      size={{ width: 120, height: 30 }}
      frameMs={5}
    />,
  );
  for (const event of session) events.emit('request-finished', event);
  /** Waits until the frame satisfies `check` (the App draws on its timer). */
  async function until(check: (frame: string) => boolean, what: string): Promise<string> {
    for (let i = 0; i < 400; i++) {
      const frame = app.lastFrame() ?? '';
      if (check(frame)) return frame;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`the screen never showed ${what}:\n${app.lastFrame()}`);
  }
  /** Sends keys one at a time, as a person types. */
  async function press(...keys: string[]) {
    for (const key of keys) {
      app.stdin.write(key);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  return {
    app,
    events,
    state,
    calls,
    until,
    press,
    close() {
      off();
      app.unmount();
    },
  };
}

const row = (frame: string, path: string) =>
  frame.split('\n').find((line) => line.includes(` ${path} `)) ?? '';

test('↑ selects the newest request, ↑ again the one before; Enter opens its trace, Esc goes back', async () => {
  const ui = start();
  try {
    await ui.until((f) => f.includes('/echo/hello?x=1'), 'the requests');
    await ui.press(UP, UP);
    const selected = await ui.until((f) => row(f, '/nope').startsWith('›'), 'the /nope row selected');
    assert.ok(row(selected, '/users/1').startsWith('  '));
    await ui.press(ENTER);
    const trace = await ui.until((f) => f.includes('TRACE GET /nope'), 'the trace');
    assert.match(trace, /match\s+no route matched GET \/nope/);
    assert.match(trace, /result\s+rejected 404/);
    await ui.press(ESC);
    await ui.until((f) => f.includes('REQUESTS 6 of 6'), 'the list again');
    await ui.press(DOWN, ENTER);
    await ui.until((f) => f.includes('TRACE GET /echo/hello?x=1'), 'the next request’s trace');
    await ui.press(ENTER);
    await ui.until((f) => f.includes('REQUESTS'), 'the list after Enter');
  } finally {
    ui.close();
  }
});

test('keys typed in one burst each see the previous key’s result', async () => {
  const ui = start();
  try {
    await ui.until((f) => f.includes('/echo/hello?x=1'), 'the requests');
    ui.app.stdin.write(`${UP}${UP}${UP}`);
    await ui.until((f) => row(f, '/orders/1').startsWith('›'), 'three rows up');
  } finally {
    ui.close();
  }
});

test('/ filters: typing shows the prompt, Enter applies, Esc cancels a draft and then clears the filter', async () => {
  const ui = start();
  try {
    await ui.until((f) => f.includes('/echo/hello?x=1'), 'the requests');
    await ui.press('/', 'u', 's', 'e', 'r', 's');
    await ui.until((f) => f.includes('filter: users▏'), 'the prompt');
    await ui.press(ENTER);
    const filtered = await ui.until((f) => f.includes('2 matching of 6 kept'), 'the filtered list');
    assert.not.ok(filtered.includes('/v1/products/42'));
    await ui.press('/', '5', 'x', 'x', ESC);
    await ui.until((f) => f.includes('filter "users"') && !f.includes('filter: '), 'the draft cancelled');
    await ui.press(ESC);
    await ui.until((f) => f.includes('REQUESTS 6 of 6 kept'), 'the filter cleared');
  } finally {
    ui.close();
  }
});

test('p pauses the list (new requests are counted, not shown), c clears, r reloads, ? helps, q and Ctrl-C quit', async () => {
  const ui = start();
  try {
    await ui.until((f) => f.includes('/echo/hello?x=1'), 'the requests');
    await ui.press('p');
    await ui.until((f) => f.includes('paused (0 new)'), 'paused');
    ui.events.emit('request-finished', { ...session[0]!, id: 99, url: '/users/99' });
    const paused = await ui.until((f) => f.includes('paused (1 new)'), 'one new request counted');
    assert.not.ok(paused.includes('/users/99'));
    await ui.press('p');
    await ui.until((f) => f.includes('/users/99') && !f.includes('paused'), 'resumed');
    await ui.press('c');
    await ui.until(
      (f) => f.includes('REQUESTS 0 of 0 kept') && f.includes('waiting for requests'),
      'cleared',
    );
    await ui.press('r');
    await ui.until(() => ui.calls.reload === 1, 'reload called');
    await ui.press('?');
    await ui.until((f) => f.includes('KEYS') && f.includes('q / Ctrl-C'), 'help');
    await ui.press(' ');
    await ui.until((f) => f.includes('REQUESTS'), 'help closed');
    await ui.press('q');
    await ui.until(() => ui.calls.quit === 1, 'quit');
    await ui.press('\u0003');
    await ui.until(() => ui.calls.quit === 2, 'Ctrl-C quits too');
  } finally {
    ui.close();
  }
});

test('s saves the kept requests as a HAR file in the current folder and says so in the header', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gateway-ui-har-'));
  const ui = start(dir);
  try {
    await ui.until((f) => f.includes('/echo/hello?x=1'), 'the requests');
    await ui.press('s');
    const frame = await ui.until((f) => /saved \d+ requests to gateway-/.test(f), 'the saved notice');
    const kept = Number(/saved (\d+) requests/.exec(frame)![1]);
    assert.is(kept, session.length);
    const [file] = (await readdir(dir)).filter((name) => name.endsWith('.har'));
    assert.ok(file, 'a .har file');
    const har = JSON.parse(await readFile(join(dir, file!), 'utf8'));
    assert.is(har.log.version, '1.2');
    assert.equal(
      har.log.entries.map((e: { _gateway: { id: number } }) => e._gateway.id),
      session.map((e) => e.id),
    );
  } finally {
    ui.close();
    await rm(dir, { recursive: true });
  }
});

test('the key reducer is pure: q quits from every screen but the filter prompt, where it is typed', () => {
  const nav = { step: () => undefined, newest: 0, pageSize: 10 };
  for (const mode of ['list', 'trace', 'help'] as const) {
    assert.is(reduceKey({ ...initialView, mode }, { name: 'char', char: 'q' }, nav).effect, 'quit');
  }
  const typed = reduceKey({ ...initialView, mode: 'filter' }, { name: 'char', char: 'q' }, nav);
  assert.equal([typed.effect, typed.view.draft], [undefined, 'q']);
  assert.is(reduceKey({ ...initialView, mode: 'filter' }, { name: 'interrupt' }, nav).effect, 'quit');
});

test.run();
