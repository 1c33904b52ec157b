/**
 * 10 MB and 100 MB downloads and uploads through the gateway and straight to the bulk backend:
 * MB/s, and the gateway's peak RSS per size (a fresh gateway for each size, so VmHWM belongs to
 * that size alone). A gateway that streams has the same peak at 10 MB as at 100 MB.
 */
import { request } from 'node:http';
import { join } from 'node:path';
import { writeGatewayConfig } from '../lib/configs.js';
import { freePort, startPinned, stop, waitFor } from '../lib/proc.js';
import { type BenchPath, fmt, rssMb, section, startGateway, times } from './kit.js';

const MB = 1024 * 1024;

/** One transfer; resolves with MB/s. Upload sends `bytes` in 64 KiB chunks, download reads them. */
function transfer(url: string, method: 'GET' | 'POST', bytes: number): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method,
      agent: false,
      headers: method === 'POST' ? { 'content-length': String(bytes) } : {},
    });
    req.on('response', (res) => {
      let got = 0;
      res.on('data', (data: Buffer) => (got += data.length));
      res.on('end', () => {
        if (res.statusCode !== 200 || (method === 'GET' && got !== bytes))
          return reject(new Error(`${method} ${url}: ${res.statusCode}, ${got} bytes`));
        resolve(bytes / MB / ((performance.now() - t0) / 1000));
      });
    });
    req.on('error', reject);
    req.setTimeout(120_000, () => req.destroy(new Error('timed out')));
    if (method === 'GET') return void req.end();
    const chunk = Buffer.alloc(64 * 1024, 121);
    let left = bytes;
    const pump = () => {
      while (left > 0) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

export const transferPath: BenchPath = {
  key: 'transfer',
  title: 'Large downloads and uploads',
  async run(ctx) {
    const port = await freePort();
    const bulk = `http://127.0.0.1:${port}`;
    const backend = startPinned(ctx.loadCore, process.execPath, [
      join(ctx.root, 'bench/servers/bulk.mjs'),
      String(port),
    ]);
    const config = writeGatewayConfig(ctx.dir, 'gateway-bulk', {
      server: { host: '127.0.0.1', port: 8080, limits: { bodySize: '1gb', requestTimeout: '120s' } },
      upstreams: { bulk },
      routes: [{ name: 'bulk', match: { path: '/bulk/**' }, upstream: 'bulk', auth: false }],
    });
    const rows: string[][] = [];
    try {
      await waitFor(`${bulk}/bulk/1`, backend);
      for (const size of [10 * MB, 100 * MB]) {
        const gateway = await startGateway(ctx, config, { readyPath: '/bulk/1' });
        try {
          const idle = rssMb(gateway.proc.pid);
          ctx.log(`transfer: ${size / MB} MB down and up, through and direct`);
          const down = await transfer(`${gateway.url}/bulk/${size}`, 'GET', size);
          const downDirect = await transfer(`${bulk}/bulk/${size}`, 'GET', size);
          const peakAfterDownload = rssMb(gateway.proc.pid, 'VmHWM');
          const up = await transfer(`${gateway.url}/bulk/upload`, 'POST', size);
          const upDirect = await transfer(`${bulk}/bulk/upload`, 'POST', size);
          const peakAfterUpload = rssMb(gateway.proc.pid, 'VmHWM');
          rows.push([
            `${size / MB} MB`,
            fmt(down),
            fmt(downDirect),
            times(down, downDirect),
            fmt(up),
            fmt(upDirect),
            times(up, upDirect),
            fmt(idle),
            fmt(peakAfterDownload),
            fmt(peakAfterUpload),
          ]);
        } finally {
          await stop(gateway.proc);
        }
      }
    } finally {
      await stop(backend);
    }
    return section(
      'Large bodies (one transfer at a time; a fresh gateway per size)',
      [
        'body',
        'download MB/s, gateway',
        'download MB/s, direct',
        '× direct',
        'upload MB/s, gateway',
        'upload MB/s, direct',
        '× direct',
        'gateway RSS before, MB',
        'peak RSS after the download, MB',
        'peak RSS after the upload too, MB',
      ],
      rows,
      'For a user: how much slower a big file moves through the gateway than straight to the service, and whether the gateway holds the body in memory — a peak RSS that is the same for 10 MB and 100 MB means it streams; one that grows by ~90 MB would mean it buffers.',
    );
  },
};
