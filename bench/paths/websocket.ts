/**
 * WebSocket echo: messages per second over one connection with 32 messages in flight, through
 * the gateway's `/echo/**` route (websocket: true) and straight to the echo fixture.
 */
import { writeGatewayConfig } from '../lib/configs.js';
import { stop } from '../lib/proc.js';
import { type BenchPath, fmt, section, startGateway, times } from './kit.js';

const WINDOW = 32;
const MAX_MESSAGES = 200_000;
const SECONDS = 3;

/** Echoes as many 64-byte messages as it can in SECONDS (at most MAX_MESSAGES); messages/s. */
async function echoRate(url: string): Promise<{ rate: number; lost: number }> {
  const { WebSocket } = await import('ws');
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const payload = 'x'.repeat(64);
  let sent = 0;
  let received = 0;
  const t0 = performance.now();
  const end = t0 + SECONDS * 1000;
  await new Promise<void>((resolve) => {
    const send = () => {
      if (sent < MAX_MESSAGES && performance.now() < end) {
        sent++;
        ws.send(payload);
      }
    };
    ws.on('message', () => {
      received++;
      if (received === sent && (sent >= MAX_MESSAGES || performance.now() >= end)) resolve();
      else send();
    });
    ws.on('close', () => resolve());
    for (let i = 0; i < WINDOW; i++) send();
  });
  const seconds = (performance.now() - t0) / 1000;
  ws.close();
  return { rate: received / seconds, lost: sent - received };
}

export const websocketPath: BenchPath = {
  key: 'websocket',
  title: 'WebSocket echo',
  async run(ctx) {
    const f = await import('../../fixtures/index.js');
    const echo = await f.startEcho({ port: 0 });
    const config = writeGatewayConfig(ctx.dir, 'gateway-ws', {
      server: { host: '127.0.0.1', port: 8080 },
      upstreams: { echo: echo.url },
      routes: [{ name: 'echo', match: { path: '/echo/**' }, upstream: 'echo', websocket: true, auth: false }],
    });
    const gateway = await startGateway(ctx, config, { readyPath: '/echo/ready' });
    try {
      ctx.log('websocket: echo through the gateway, then direct');
      const through = await echoRate(`${gateway.url.replace('http', 'ws')}/echo/ws`);
      const direct = await echoRate(`${echo.url.replace('http', 'ws')}/ws`);
      return section(
        `WebSocket echo (one connection, ${WINDOW} messages of 64 bytes in flight, ${SECONDS} s)`,
        ['path', 'messages/s', 'lost', '× direct'],
        [
          [
            'gateway (/echo/** → echo fixture)',
            fmt(through.rate),
            fmt(through.lost),
            times(through.rate, direct.rate),
          ],
          ['echo fixture, direct', fmt(direct.rate), fmt(direct.lost), '1.00×'],
        ],
        "For a user: once a WebSocket is upgraded the gateway only pipes bytes between the two sockets; the ratio shows what that relay costs a chatty socket (a dev server's hot-reload channel, a live dashboard).",
      );
    } finally {
      await stop(gateway.proc);
      await echo.close();
    }
  },
};
