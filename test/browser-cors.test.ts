/**
 * CORS as a browser enforces it: headless Chromium (Debian's `chromium`, driven by
 * playwright-core, one launch) loads a page from a second local origin that calls the gateway —
 * a simple GET, a credentialed POST with a JSON body (preflighted, answered by the gateway), and
 * the same calls from an origin the gateway does not allow, which the browser must block.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEcho } from '../fixtures/http.js';
import { startTestGateway } from './proxy-harness.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A page server: one origin, one blank page to run scripts in. */
async function startPageServer(): Promise<{ origin: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

interface CallResult {
  readonly ok: boolean;
  readonly status?: number;
  readonly body?: { method: string; path: string; headers: Record<string, string> };
  readonly error?: string;
}

/**
 * Runs in the page: the two calls a front end makes. Plain JavaScript text, because the test
 * runner's transpiler decorates TypeScript functions with helpers the page does not have.
 */
const CALL_GATEWAY = `async (gateway) => {
  const call = async (url, init) => {
    try {
      const response = await fetch(url, init);
      return { ok: true, status: response.status, body: await response.json() };
    } catch (error) {
      return { ok: false, error: String(error) };
    }
  };
  const get = await call(gateway + '/api/items/1', {});
  const post = await call(gateway + '/api/items', {
    method: 'POST',
    credentials: 'include',
    headers: { 'content-type': 'application/json', 'x-request-id': 'from-browser' },
    body: JSON.stringify({ name: 'book' }),
  });
  return { get, post };
}`;

/** Calls the gateway from `page`'s origin. */
function callGateway(page: Page, gateway: string): Promise<{ get: CallResult; post: CallResult }> {
  return page.evaluate(`(${CALL_GATEWAY})(${JSON.stringify(gateway)})`);
}

test('a browser on an allowed origin gets through; on another origin it is blocked', async () => {
  assert.ok(
    existsSync(CHROMIUM),
    `${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`,
  );
  const echo = await startEcho({ instance: 'browser-echo' });
  const app = await startPageServer();
  const evil = await startPageServer();
  const gw = await startTestGateway({
    upstreams: { echo: echo.url },
    routes: [
      // Listing methods: the preflight (OPTIONS) is matched by the method it asks for.
      {
        name: 'items-read',
        match: { path: '/api/items/:id', methods: ['GET'] },
        upstream: 'echo',
        auth: false,
      },
      {
        name: 'items-write',
        match: { path: '/api/items', methods: ['POST'] },
        upstream: 'echo',
        auth: false,
      },
    ],
    server: { cors: { origins: [app.origin], credentials: true, exposeHeaders: ['x-instance'] } },
  });
  const userDataDir = await mkdtemp(join(tmpdir(), 'gateway-chromium-'));
  const browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${app.origin}/`);
    const allowed = await callGateway(page, gw.url);
    assert.equal(allowed.get.ok && allowed.get.status, 200, JSON.stringify(allowed.get));
    assert.is(allowed.get.body?.method, 'GET');
    assert.is(allowed.post.status, 200, JSON.stringify(allowed.post));
    assert.is(allowed.post.body?.method, 'POST');
    assert.is(allowed.post.body?.headers['x-request-id'], 'from-browser');

    // The browser really preflighted the POST, and the gateway answered it (never forwarded).
    const fromApp = gw.finished.filter((e) => e.decision?.request.path.startsWith('/api/'));
    const preflight = fromApp.find((e) => e.method === 'OPTIONS');
    assert.ok(preflight, 'the browser sent a preflight');
    assert.is(preflight!.status, 204);
    assert.is(preflight!.decision?.action, 'respond');
    assert.is(preflight!.decision?.route?.name, 'items-write');

    const before = gw.finished.length;
    const other = await browser.newPage();
    await other.goto(`${evil.origin}/`);
    const blocked = await callGateway(other, gw.url);
    assert.is(blocked.get.ok, false, 'the browser hides a response without CORS headers from the page');
    assert.match(blocked.get.error ?? '', /TypeError/);
    assert.is(blocked.post.ok, false, 'the browser does not send the POST after a refused preflight');
    const fromEvil = gw.finished.slice(before);
    assert.ok(
      fromEvil.some((e) => e.method === 'OPTIONS' && e.status === 403),
      'the preflight from the other origin was refused with 403',
    );
    assert.not.ok(
      fromEvil.some((e) => e.method === 'POST'),
      'the POST never reached the gateway',
    );
  } finally {
    await browser.close();
    await rm(userDataDir, { recursive: true, force: true });
    await gw.close();
    await echo.close();
    for (const s of [app.server, evil.server]) await new Promise((resolve) => s.close(resolve));
  }
});

test.run();
