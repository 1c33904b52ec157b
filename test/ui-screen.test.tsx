/**
 * The screen's panels rendered with ink-testing-library from recorded events (real Decisions from
 * the demo config, compact traces as `gateway dev` emits them), compared as whole frames at a
 * fixed width. Times and durations are pinned in the recorded events, so the only normalization
 * is trailing spaces (Ink pads lines to the box width) and the temporary folder's name.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadTable } from '../src/commands/load-table.js';
import { colors } from '../src/format/color.js';
import { formatDecision } from '../src/format/decision.js';
import type { RouteTable } from '../src/pipeline/table.js';
import { Screen } from '../src/ui/components/Screen.js';
import { buildScreen } from '../src/ui/present/screen.js';
import { applyEvent, createUiState, type UiState } from '../src/ui/store/store.js';
import { initialView, type ViewState } from '../src/ui/view/keys.js';
import { demoTable, recordSession, T0 } from './ui-support.js';

let table: RouteTable;
let state: UiState;

test.before(async () => {
  table = await demoTable();
  state = createUiState({ now: () => T0 });
  for (const event of await recordSession(table)) applyEvent(state, 'request-finished', event, T0);
});

interface FrameOptions {
  readonly width?: number;
  readonly height?: number;
  readonly ui?: UiState;
  readonly color?: boolean;
}

function model(view: Partial<ViewState>, options: FrameOptions = {}) {
  return buildScreen({
    state: options.ui ?? state,
    view: { ...initialView, ...view },
    table,
    pools: undefined,
    listeningLine: 'gateway listening on http://127.0.0.1:8080',
    width: options.width ?? 120,
    height: options.height ?? 24,
    color: options.color ?? false,
    cwd: process.cwd(),
  });
}

/** Renders one frame and returns it with trailing spaces removed from each line. */
function frame(view: Partial<ViewState>, options: FrameOptions = {}): string {
  const app = render(<Screen model={model(view, options)} color={false} />);
  const text = app.lastFrame() ?? '';
  app.unmount();
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

test('request list, routes and upstreams panels at 120 columns, with the selected row marked', () => {
  assert.fixture(frame({ selected: 2 }), LIST_120);
});

test('80 columns: the time, auth and match columns go first; path, route, target and status stay', () => {
  assert.fixture(frame({ selected: 4 }, { width: 80 }), LIST_80);
});

test('trace view: formatDecision of the selected request, then how it was answered', () => {
  assert.fixture(frame({ selected: 6, mode: 'trace' }), TRACE);
  // The very lines `gateway explain` prints for that Decision.
  const decision = state.requests.at(6)!.decision!;
  const text = frame({ selected: 6, mode: 'trace' });
  for (const line of formatDecision(decision, colors(false))) assert.ok(text.includes(line.trimEnd()), line);
});

test('filter by route, and a status class while paused', () => {
  assert.fixture(frame({ filter: 'users' }), FILTER_USERS);
  assert.fixture(frame({ filter: '4xx', pausedAt: 5 }, { width: 80 }), FILTER_4XX_PAUSED);
});

test('typing a filter shows the prompt in the footer', () => {
  const lines = frame({ mode: 'filter', draft: 'prod' }).split('\n');
  assert.is(lines.at(-1), 'filter: prod▏  path, route or status (404, 5xx) · Enter apply · Esc cancel');
});

test('reload error banner with file:line until a reload succeeds', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gateway-ui-'));
  try {
    await writeFile(
      join(dir, 'gateway.config.yaml'),
      'upstreams:\n  users: http://127.0.0.1:4101\nroutes:\n  - name: users\n    match: { path: /users/** }\n    upstream: user\n',
    );
    const loaded = await loadTable({ cwd: dir, env: {} });
    assert.is(loaded.ok, false);
    if (loaded.ok) return;
    const ui = createUiState({ now: () => T0 });
    applyEvent(
      ui,
      'reload-failed',
      { file: join(dir, 'gateway.config.yaml'), issues: loaded.issues },
      T0 + 4000,
    );
    assert.fixture(frame({}, { ui, height: 12 }).replaceAll(dir, '<tmp>'), BANNER);

    const diff = {
      routesAdded: [],
      routesRemoved: [],
      routesChanged: ['users'],
      upstreamsAdded: [],
      upstreamsRemoved: [],
      upstreamsChanged: [],
    };
    applyEvent(
      ui,
      'reload-succeeded',
      { file: join(dir, 'gateway.config.yaml'), routes: 12, diff, durationMs: 41 },
      T0 + 9000,
    );
    assert.fixture(frame({}, { ui, height: 12 }).replaceAll(dir, '<tmp>'), RELOADED);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('help lists every key', () => {
  assert.fixture(frame({ mode: 'help' }, { width: 80 }), HELP);
});

test('NO_COLOR: no escape codes anywhere, the trace included; with colour the trace keeps explain colours', () => {
  const plain = model({ selected: 6, mode: 'trace' }, { color: false });
  assert.not.ok(JSON.stringify(plain).includes('\\u001b'));
  const coloured = model({ selected: 6, mode: 'trace' }, { color: true });
  assert.ok(coloured.body.kind === 'trace' && coloured.body.lines.some((l) => l.includes('\u001b[')));
});

// ---- expected frames (generated once, then read line by line) ----

const LIST_120 = `gateway listening on http://127.0.0.1:8080  ·  loaded 12:04:31 (25 routes)  ·  gateway.config.example.ts
REQUESTS 6 of 6 kept
  TIME         METHOD PATH                  → ROUTE          → TARGET                               AUTH     HTTP   TOOK
  12:04:31.250 GET    /users/1              → users          → 127.0.0.1:4101 round-robin: 1st of 2 public   200   3.1ms
› 12:04:31.500 GET    /users/2              → users          → 127.0.0.1:4102 round-robin: 2nd of 2 public   200   2.4ms
  12:04:31.750 GET    /v1/products/42       → products       → 127.0.0.1:4401 round-robin: 1st of 1 public   200    13ms
  12:04:32.000 GET    /orders/1             → orders         → —                                    ✘ jwt    401   0.6ms
  12:04:32.250 GET    /nope                 → (no route)     → —                                    —        404   0.3ms
  12:04:32.500 GET    /echo/hello?x=1       → echo           → 127.0.0.1:4301 round-robin: 1st of 1 public   502   4.2ms





ROUTES                                                       UPSTREAMS
ROUTE            MATCH                     HITS  ERR    P50  UPSTREAM    TARGET          HEALTH    INFL EJCT   REQS FAIL
health           GET,HEAD /health             0    0      —  users       127.0.0.1:4101  healthy      0    0      0    0
beta-flags       * /flags ?beta               0    0      —              127.0.0.1:4102  healthy      0    0      0    0
tenant-users     * /users/** [x-tenant]       0    0      —  usersByTen… 127.0.0.1:4101  healthy      0    0      0    0
users            GET,HEAD /users/**           2    0  2.8ms              127.0.0.1:4102  healthy      0    0      0    0
legacy-users     GET /api/v0/users/:id        0    0      —  usersSticky 127.0.0.1:4101  healthy      0    0      0    0
user-reports     GET /reports/users/**        0    0      —              127.0.0.1:4102  healthy      0    0      0    0
… 20 more                                                    … 7 more
↑↓ select  ⏎ trace  / filter  p pause  r reload  f chaos  ? help  q quit`;

const LIST_80 = `gateway listening on http://127.0.0.1:8080  ·  loaded 12:04:31 (25 routes)  ·  …
REQUESTS 6 of 6 kept
  METHOD PATH            → ROUTE          → TARGET                   HTTP   TOOK
  GET    /users/1        → users          → 127.0.0.1:4101 round-ro… 200   3.1ms
  GET    /users/2        → users          → 127.0.0.1:4102 round-ro… 200   2.4ms
  GET    /v1/products/42 → products       → 127.0.0.1:4401 round-ro… 200    13ms
› GET    /orders/1       → orders         → —                        401   0.6ms
  GET    /nope           → (no route)     → —                        404   0.3ms
  GET    /echo/hello?x=1 → echo           → 127.0.0.1:4301 round-ro… 502   4.2ms





ROUTES                                   UPSTREAMS
ROUTE             HITS  ERR    P50       UPSTREAM      TARGET          HEALTH
health               0    0      —       users         127.0.0.1:4101  healthy
beta-flags           0    0      —                     127.0.0.1:4102  healthy
tenant-users         0    0      —       usersByTenant 127.0.0.1:4101  healthy
users                2    0  2.8ms                     127.0.0.1:4102  healthy
legacy-users         0    0      —       usersSticky   127.0.0.1:4101  healthy
user-reports         0    0      —                     127.0.0.1:4102  healthy
… 20 more                                … 7 more
↑↓ select  ⏎ trace  / filter  p pause  r reload  f chaos  ? help  q quit`;

const TRACE = `gateway listening on http://127.0.0.1:8080  ·  loaded 12:04:31 (25 routes)  ·  gateway.config.example.ts
TRACE GET /echo/hello?x=1  (compact: only the winning route)  Esc back
request    GET /echo/hello?x=1  host 127.0.0.1
routes     1 considered, in evaluation order
           ✔ 13. echo  matched
match      route "echo" (/echo/**)
defaults   timeout from defaults; upstream "echo": timeouts from defaults.upstream
params     **=hello
auth       public route
rewrite    /echo/hello → /hello?x=1&via=gateway
           · stripPrefix /echo: /hello
           · query: ?x=1&via=gateway
headers    x-gateway: demo
upstream   echo
target     127.0.0.1:4301 — round-robin: 1st of 1
trace      80000000800000008000000080000000 started (no traceparent came), gateway span 8000000080000000
result     forward → http://127.0.0.1:4301/hello?x=1&via=gateway
answer     502 in 4.2ms, 120 B from 127.0.0.1:4301
error      connect ECONNREFUSED 127.0.0.1:4301




Esc/Enter back  ↑↓ scroll  q quit`;

const FILTER_USERS = `gateway listening on http://127.0.0.1:8080  ·  loaded 12:04:31 (25 routes)  ·  gateway.config.example.ts
REQUESTS 2 matching of 6 kept  filter "users"
  TIME         METHOD PATH                  → ROUTE          → TARGET                               AUTH     HTTP   TOOK
  12:04:31.250 GET    /users/1              → users          → 127.0.0.1:4101 round-robin: 1st of 2 public   200   3.1ms
  12:04:31.500 GET    /users/2              → users          → 127.0.0.1:4102 round-robin: 2nd of 2 public   200   2.4ms









ROUTES                                                       UPSTREAMS
ROUTE            MATCH                     HITS  ERR    P50  UPSTREAM    TARGET          HEALTH    INFL EJCT   REQS FAIL
health           GET,HEAD /health             0    0      —  users       127.0.0.1:4101  healthy      0    0      0    0
beta-flags       * /flags ?beta               0    0      —              127.0.0.1:4102  healthy      0    0      0    0
tenant-users     * /users/** [x-tenant]       0    0      —  usersByTen… 127.0.0.1:4101  healthy      0    0      0    0
users            GET,HEAD /users/**           2    0  2.8ms              127.0.0.1:4102  healthy      0    0      0    0
legacy-users     GET /api/v0/users/:id        0    0      —  usersSticky 127.0.0.1:4101  healthy      0    0      0    0
user-reports     GET /reports/users/**        0    0      —              127.0.0.1:4102  healthy      0    0      0    0
… 20 more                                                    … 7 more
↑↓ select  ⏎ trace  / filter  p pause  r reload  f chaos  ? help  q quit`;

const FILTER_4XX_PAUSED = `gateway listening on http://127.0.0.1:8080  ·  loaded 12:04:31 (25 routes)  ·  …
REQUESTS 2 matching of 6 kept  filter "4xx"  paused (1 new)
  METHOD PATH            → ROUTE          → TARGET                   HTTP   TOOK
  GET    /orders/1       → orders         → —                        401   0.6ms
  GET    /nope           → (no route)     → —                        404   0.3ms









ROUTES                                   UPSTREAMS
ROUTE             HITS  ERR    P50       UPSTREAM      TARGET          HEALTH
health               0    0      —       users         127.0.0.1:4101  healthy
beta-flags           0    0      —                     127.0.0.1:4102  healthy
tenant-users         0    0      —       usersByTenant 127.0.0.1:4101  healthy
users                2    0  2.8ms                     127.0.0.1:4102  healthy
legacy-users         0    0      —       usersSticky   127.0.0.1:4101  healthy
user-reports         0    0      —                     127.0.0.1:4102  healthy
… 20 more                                … 7 more
↑↓ select  ⏎ trace  / filter  p pause  r reload  f chaos  ? help  q quit`;

const HELP = `gateway listening on http://127.0.0.1:8080  ·  loaded 12:04:31 (25 routes)  ·  …
KEYS
↑ / ↓       select a request (the list stops following new ones)
Enter       open the selected request's trace (Esc or Enter: back, ↑/↓ scroll)
/           filter by path, route or status (404, 5xx); Enter applies, Esc canc…
p           pause the list (new requests are still counted); p again resumes
c           clear the list and the route counters
r           reload the config now
f           chaos on the selected request's route: 10% 503s, 10% 500ms delays
s           save the kept requests as a HAR file (credentials redacted)
Esc         drop the selection, then the filter, then the pause
?           this help (any key closes it)
q / Ctrl-C  quit (in-flight requests finish first)










any key closes the help`;

const BANNER = `gateway listening on http://127.0.0.1:8080  ·  reload failed 12:04:35  ·  gateway.config.example.ts
✘ <tmp>/gateway.config.yaml changed — not loaded, still serving the previous routes:
  <tmp>/gateway.config.yaml:6:5  routes[0].upstream  "user" is not defined — did you mean "users"?
REQUESTS 0 of 0 kept
  TIME         METHOD PATH                  → ROUTE          → TARGET                               AUTH     HTTP   TOOK
  waiting for requests…





↑↓ select  ⏎ trace  / filter  p pause  r reload  f chaos  ? help  q quit`;

const RELOADED = `gateway listening on http://127.0.0.1:8080  ·  reloaded 12:04:40 (12 routes, 41ms)  ·  gateway.config.example.ts
REQUESTS 0 of 0 kept
  TIME         METHOD PATH                  → ROUTE          → TARGET                               AUTH     HTTP   TOOK
  waiting for requests…







↑↓ select  ⏎ trace  / filter  p pause  r reload  f chaos  ? help  q quit`;

test.run();
