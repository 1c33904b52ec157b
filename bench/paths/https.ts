/**
 * HTTPS termination: TLS from the load generator to the proxy, plain HTTP to the bench backend;
 * the gateway (`server.tls`) against nginx doing the same when nginx is installed. The
 * self-signed certificate is made at bench time with the `openssl` CLI, else the fixtures' test
 * certificate is used.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HIT_PATH, writeGatewayConfig, writeNginxConfig } from '../lib/configs.js';
import { type LoadResult, runLoad } from '../lib/load.js';
import { cpuSeconds, freePort, type Proc, processTree, sleep, startPinned, stop } from '../lib/proc.js';
import { has } from '../lib/tools.js';
import { type BenchPath, fmt, type PathContext, section, startGateway, times } from './kit.js';

function certificate(ctx: PathContext): { cert: string; key: string; source: string } {
  const folder = join(ctx.dir, 'tls');
  mkdirSync(folder, { recursive: true });
  const cert = join(folder, 'cert.pem');
  const key = join(folder, 'key.pem');
  if (has('openssl')) {
    const subject = ['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-keyout',
        key,
        '-out',
        cert,
        ...subject,
      ],
      { stdio: 'ignore' },
    );
    return { cert, key, source: 'a P-256 certificate made by `openssl req -x509` at bench time' };
  }
  const fixtures = join(ctx.root, 'fixtures/keys');
  for (const name of ['cert.pem', 'key.pem'])
    if (!existsSync(join(fixtures, name))) throw new Error('no openssl and no fixtures/keys certificate');
  writeFileSync(cert, readFileSync(join(fixtures, 'cert.pem')));
  writeFileSync(key, readFileSync(join(fixtures, 'key.pem')));
  return { cert, key, source: "the fixtures' test certificate (openssl missing)" };
}

async function measure(ctx: PathContext, url: string, proc: Proc): Promise<LoadResult & { cpuUs: number }> {
  const load = { url, headers: {}, connections: 50, core: ctx.loadCore };
  await runLoad(ctx.tool, { ...load, seconds: 1 });
  const pids = processTree(proc.pid);
  const before = cpuSeconds(pids);
  const result = await runLoad(ctx.tool, { ...load, seconds: 3 });
  return { ...result, cpuUs: ((cpuSeconds(pids) - before) * 1e6) / result.requests };
}

export const httpsPath: BenchPath = {
  key: 'https',
  title: 'HTTPS termination',
  async run(ctx) {
    const tls = certificate(ctx);
    const config = writeGatewayConfig(ctx.dir, 'gateway-tls', {
      server: { host: '127.0.0.1', port: 8080, tls: { cert: tls.cert, key: tls.key } },
      upstreams: { backend: ctx.backendUrl },
      routes: [{ name: 'bench', match: { path: '/bench/**' }, upstream: 'backend', auth: false }],
    });
    const rows: string[][] = [];
    ctx.log('https: gateway with server.tls');
    const gateway = await startGateway(ctx, config, { readyPath: HIT_PATH, scheme: 'https' });
    let g: Awaited<ReturnType<typeof measure>>;
    try {
      await sleep(1500); // no plain-HTTP readiness probe on a TLS port; wrk's warm-up second follows
      g = await measure(ctx, `${gateway.url}${HIT_PATH}`, gateway.proc);
    } finally {
      await stop(gateway.proc);
    }
    let n: Awaited<ReturnType<typeof measure>> | undefined;
    if (ctx.nginx) {
      ctx.log('https: nginx with ssl');
      const port = await freePort();
      const { prefix, file } = writeNginxConfig(ctx.dir, port, ctx.backendPort);
      const text = readFileSync(file, 'utf8').replace(
        `listen 127.0.0.1:${port};`,
        `listen 127.0.0.1:${port} ssl;\n    ssl_certificate ${tls.cert};\n    ssl_certificate_key ${tls.key};`,
      );
      writeFileSync(file, text);
      const nginx = startPinned(ctx.core, 'nginx', [
        '-p',
        prefix,
        '-c',
        file,
        '-e',
        join(prefix, 'error.log'),
        '-g',
        'daemon off;',
      ]);
      try {
        await sleep(1000);
        n = await measure(ctx, `https://127.0.0.1:${port}${HIT_PATH}`, nginx);
      } finally {
        await stop(nginx);
      }
    }
    const row = (label: string, r: Awaited<ReturnType<typeof measure>>, ratio: string) => [
      label,
      fmt(r.rps),
      fmt(r.p50Ms, 2),
      fmt(r.p99Ms, 2),
      fmt(r.p999Ms, 2),
      fmt(r.cpuUs),
      fmt(r.failures),
      ratio,
    ];
    rows.push(row('gateway (server.tls)', g, n ? times(g.rps, n.rps) : '–'));
    if (n) rows.push(row('nginx (listen … ssl)', n, '1.00×'));
    return section(
      `HTTPS termination (${ctx.tool} -c50 over TLS, 3 s; plain HTTP to the backend; ${tls.source})`,
      ['proxy', 'req/s', 'p50 ms', 'p99 ms', 'p99.9 ms', 'CPU µs/req', 'failed', '× nginx'],
      rows,
      'For a user: what serving the gateway on https:// costs per request once the connection is up (wrk keeps its 50 connections, so handshakes are not in the figure), against nginx doing the same work with OpenSSL in C.',
    );
  },
};
