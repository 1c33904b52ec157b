// WebSocket upgrades and the route-table options: a split picks the side, rewrite.host sets the
// Host the upstream sees. The upstreams are real WebSocket servers that report the Host they got.
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WebSocket, WebSocketServer } from 'ws';
import { startTestGateway, type TestGateway } from './proxy-harness.js';

/** A WebSocket server that greets each connection with `name host`. */
async function startHostReporter(name: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  server.on('connection', (socket, req) => socket.send(`${name} ${req.headers.host}`));
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

let v1: Awaited<ReturnType<typeof startHostReporter>>;
let v2: Awaited<ReturnType<typeof startHostReporter>>;
let gw: TestGateway;

test.before(async () => {
  v1 = await startHostReporter('v1');
  v2 = await startHostReporter('v2');
  gw = await startTestGateway({
    upstreams: { v1: v1.url, v2: { targets: [v2.url], changeOrigin: false } },
    routes: [
      {
        name: 'live',
        match: { path: '/live/**' },
        upstream: [
          { name: 'v1', weight: 0 },
          { name: 'v2', weight: 1 },
        ],
        pin: { header: 'x-side' },
        rewrite: { host: 'socket.internal' },
        websocket: true,
      },
      {
        name: 'origin',
        match: { path: '/origin/**' },
        upstream: 'v2',
        rewrite: { host: { target: true } },
        websocket: true,
      },
    ],
  });
});
test.after(async () => {
  await gw.close();
  await Promise.all([v1.close(), v2.close()]);
});

async function greeting(path: string, headers: Record<string, string> = {}): Promise<string> {
  const ws = new WebSocket(`${gw.url.replace('http', 'ws')}${path}`, { headers });
  const message = await new Promise<string>((resolve, reject) => {
    ws.once('message', (data) => resolve(String(data)));
    ws.once('error', reject);
  });
  ws.close();
  return message;
}

test('a split picks the side of an upgrade (weights and pin), and rewrite.host is the Host it sees', async () => {
  assert.is(await greeting('/live/a'), 'v2 socket.internal');
  assert.is(await greeting('/live/a', { 'x-side': 'v1' }), 'v1 socket.internal');
});

test("rewrite.host: { target: true } gives the target's host on an upgrade, despite changeOrigin: false", async () => {
  assert.is(await greeting('/origin/x'), `v2 ${new URL(v2.url).host}`);
});

test.run();
