/**
 * The contenders of the throughput bench. Each starts as its own process on the proxy core,
 * on a port the bench chose, in front of the one shared backend; `direct` is the backend itself.
 */
import { join } from 'node:path';
import { API_KEY, API_KEY_ENV } from './configs.js';
import { type Proc, startPinned } from './proc.js';
import { probeEnv, probeFlags } from './probe.js';

export interface ContenderContext {
  readonly root: string;
  readonly backendUrl: string;
  readonly backendProc: Proc;
  /** Pinned core of the proxy under test. */
  readonly core: number | undefined;
  /** Gateway configs written beforehand. */
  readonly configs: { readonly one: string; readonly thousand: string; readonly rateLimited: string };
  readonly nginx?: { readonly prefix: string; readonly file: (port: number) => string };
  /** Extra node flags for gateway children (`--cpu-prof …` with --profile). */
  readonly nodeFlags: readonly string[];
  /** `--baseline <dir>`: another build of the gateway (its `bin/gateway.js` and `dist/`), for before/after in one run. */
  readonly baseline?: string;
}

export interface Contender {
  /** Short key (`--only` filters on it). */
  readonly key: string;
  readonly label: string;
  /** Headers the load generator sends. */
  readonly headers: Record<string, string>;
  /** Starts the contender on `port`; `undefined` for `direct` (the backend is already up). */
  start(port: number, ctx: ContenderContext): Proc | undefined;
}

function node(ctx: ContenderContext, script: string, args: string[]): Proc {
  return startPinned(ctx.core, process.execPath, [join(ctx.root, script), ...args]);
}

function gateway(
  ctx: ContenderContext,
  port: number,
  config: string,
  log: 'pretty' | 'json',
  stdout: 'ignore' | 'pipe',
  build = ctx.root,
): Proc {
  const args = [...ctx.nodeFlags, ...probeFlags(ctx.root), join(build, 'bin/gateway.js'), 'dev', '--no-ui'];
  args.push('--log', log, '-c', config, '--port', String(port), '--host', '127.0.0.1');
  const env = { ...process.env, [API_KEY_ENV]: API_KEY, NO_COLOR: '1', ...probeEnv(ctx.root, port) };
  return startPinned(ctx.core, process.execPath, args, { stdout, env, cwd: ctx.root });
}

/** Every contender, in the order of a round. */
export function contenders(options: {
  nginx: boolean;
  logVariants: boolean;
  baseline?: boolean;
}): Contender[] {
  const list: Contender[] = [
    { key: 'direct', label: 'backend, direct', headers: {}, start: () => undefined },
    {
      key: 'http-proxy-3',
      label: 'http-proxy-3 (keep-alive agent)',
      headers: {},
      start: (port, ctx) => node(ctx, 'bench/servers/http-proxy-3.mjs', [String(port), ctx.backendUrl]),
    },
    {
      key: 'fastify',
      label: '@fastify/http-proxy (undici)',
      headers: {},
      start: (port, ctx) => node(ctx, 'bench/servers/fastify-http-proxy.mjs', [String(port), ctx.backendUrl]),
    },
    {
      key: 'undici',
      label: 'node:http + undici Pool (bare floor)',
      headers: {},
      start: (port, ctx) => node(ctx, 'bench/servers/undici-pool.mjs', [String(port), ctx.backendUrl]),
    },
    {
      key: 'gateway-1',
      label: 'gateway dev, 1 route',
      headers: {},
      start: (port, ctx) => gateway(ctx, port, ctx.configs.one, 'pretty', 'ignore'),
    },
    {
      key: 'gateway-1-rl',
      label: 'gateway dev, 1 route + rate limit (allowed)',
      headers: {},
      start: (port, ctx) => gateway(ctx, port, ctx.configs.rateLimited, 'pretty', 'ignore'),
    },
    {
      key: 'gateway-1000',
      label: 'gateway dev, 1,000 routes + api-key',
      headers: { 'x-api-key': API_KEY },
      start: (port, ctx) => gateway(ctx, port, ctx.configs.thousand, 'pretty', 'ignore'),
    },
  ];
  if (options.baseline) {
    list.push({
      key: 'gateway-1000-base',
      label: 'gateway dev, 1,000 routes + api-key (--baseline build)',
      headers: { 'x-api-key': API_KEY },
      start: (port, ctx) => gateway(ctx, port, ctx.configs.thousand, 'pretty', 'ignore', ctx.baseline),
    });
  }
  if (options.logVariants) {
    list.push({
      key: 'gateway-1-pipe',
      label: 'gateway dev, 1 route, log → pipe',
      headers: {},
      start: (port, ctx) => gateway(ctx, port, ctx.configs.one, 'pretty', 'pipe'),
    });
  }
  if (options.nginx) {
    list.push({
      key: 'nginx',
      label: 'nginx (reverse proxy, keepalive 64)',
      headers: {},
      start: (port, ctx) => {
        const n = ctx.nginx!;
        const args = [
          '-p',
          n.prefix,
          '-c',
          n.file(port),
          '-e',
          join(n.prefix, 'error.log'),
          '-g',
          'daemon off;',
        ];
        return startPinned(ctx.core, 'nginx', args);
      },
    });
  }
  return list;
}
