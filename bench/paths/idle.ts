/**
 * 10,000 idle keep-alive client connections: each opens, sends one GET, reads the answer and
 * stays open; the gateway's RSS before and after, divided by the connections still open when it
 * is read. Node's server closes a keep-alive connection after 5 s idle, so the connections are
 * opened in batches as fast as the machine allows and RSS is read as soon as the last answers.
 */
import { connect, type Socket } from 'node:net';
import { HIT_PATH, writeGatewayConfig, oneRouteConfig } from '../lib/configs.js';
import { sleep, stop } from '../lib/proc.js';
import { type BenchPath, fmt, rssMb, section, startGateway } from './kit.js';

const CONNECTIONS = 10_000;
const BATCH = 500;

function openOne(port: number, open: Set<Socket>): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(10_000, () => socket.destroy());
    socket.once('connect', () => socket.write(`GET ${HIT_PATH} HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n`));
    socket.once('data', () => {
      open.add(socket);
      resolve();
    });
    socket.on('close', () => {
      open.delete(socket);
      resolve();
    });
    socket.on('error', () => {});
  });
}

export const idlePath: BenchPath = {
  key: 'idle',
  title: 'Idle keep-alive connections',
  async run(ctx) {
    // The bench holds one end of every connection and the gateway the other; both need the descriptors.
    const limit = Number(
      (await import('node:child_process')).execSync('ulimit -n', { shell: '/bin/sh' }).toString(),
    );
    const wanted = Math.min(CONNECTIONS, Math.max(0, limit - 500));
    const config = writeGatewayConfig(ctx.dir, 'gateway-idle', oneRouteConfig(ctx.backendUrl));
    const gateway = await startGateway(ctx, config, { readyPath: HIT_PATH });
    const open = new Set<Socket>();
    try {
      await sleep(500);
      const before = rssMb(gateway.proc.pid);
      ctx.log(`idle: opening ${wanted} keep-alive connections (ulimit -n ${limit})`);
      const t0 = performance.now();
      for (let i = 0; i < wanted; i += BATCH)
        await Promise.all(
          Array.from({ length: Math.min(BATCH, wanted - i) }, () => openOne(gateway.port, open)),
        );
      const seconds = (performance.now() - t0) / 1000;
      const after = rssMb(gateway.proc.pid);
      const held = open.size;
      const perConnectionKb = ((after - before) * 1024) / held;
      return section(
        `Idle keep-alive connections (${fmt(wanted)} opened in ${seconds.toFixed(1)} s, one GET each; ulimit -n ${limit})`,
        [
          'connections open at the reading',
          'gateway RSS before, MB',
          'gateway RSS after, MB',
          'KB per connection',
        ],
        [[fmt(held), fmt(before), fmt(after), fmt(perConnectionKb, 1)]],
        "For a user: a browser, a test runner or a dev server's many tabs keep connections open; this is what each one costs the gateway while it waits. Connections Node's 5 s keep-alive timeout closed before the reading are left out of the division.",
      );
    } finally {
      for (const socket of open) socket.destroy();
      await stop(gateway.proc);
    }
  },
};
