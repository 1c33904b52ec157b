/**
 * Shared helpers for the auth tests: providers resolved by the real resolver from the user's
 * config shape and compiled by `compileAuthProviders`, normalized requests, key material made
 * with jose in a temp folder, and a tiny real HTTP server on 127.0.0.1:0.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveProvider, resolveRouteAuth } from '../src/config/resolve-auth.js';
import type { ResolvedRouteAuth } from '../src/config/resolved.js';
import type { AuthProviderConfig, RouteAuthConfig } from '../src/config/schema/index.js';
import {
  type AuthCompileOptions,
  type AuthContext,
  type AuthProvider,
  compileAuthProviders,
} from '../src/pipeline/auth/index.js';
import type { Headers, NormalizedRequest } from '../src/pipeline/types.js';

/** A fresh temp folder for keys and secret files. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'gateway-auth-'));
}

/** Writes a file into `dir` and returns its absolute path. */
export function writeTemp(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Resolves and compiles providers; throws with the issues when they do not compile (a test bug). */
export async function compile(
  providers: Record<string, AuthProviderConfig>,
  options: Partial<AuthCompileOptions> & { dir?: string } = {},
): Promise<{ providers: ReadonlyMap<string, AuthProvider>; files: readonly string[] }> {
  const result = await compileRaw(providers, options);
  if (!result.ok) throw new Error(`did not compile: ${JSON.stringify(result.issues)}`);
  return result;
}

/** Resolves and compiles providers, returning the Result as is. */
export function compileRaw(
  providers: Record<string, AuthProviderConfig>,
  options: Partial<AuthCompileOptions> & { dir?: string } = {},
) {
  const dir = options.dir ?? process.cwd();
  const resolved = Object.fromEntries(
    Object.entries(providers).map(([name, p]) => [name, resolveProvider(name, p as never, dir)]),
  );
  return compileAuthProviders(resolved, { env: {}, jwksCooldown: 0, ...options });
}

/** A route's requirement, resolved as the loader does. */
export function routeAuth(auth: RouteAuthConfig): ResolvedRouteAuth | null {
  return resolveRouteAuth(auth, undefined).auth;
}

/** A normalized GET request. */
export function request(
  options: { headers?: Headers; query?: string; path?: string; method?: string } = {},
): NormalizedRequest {
  const path = options.path ?? '/orders/1';
  return {
    method: options.method ?? 'GET',
    path,
    rawPath: path,
    query: options.query ?? '',
    host: 'gateway.local',
    headers: options.headers ?? {},
    clientIp: '127.0.0.9',
    scheme: 'http',
    readBody: undefined,
  };
}

/** Fixed clock: 2026-11-26T05:00:00Z unless given. */
export const NOW = Date.parse('2026-11-26T05:00:00Z');
export function context(now = NOW): AuthContext {
  return { now: () => now, fetch: globalThis.fetch };
}

export const basicHeader = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

/** A real HTTP server on 127.0.0.1:0 answering with `handler`; `close` ends it and its sockets. */
export async function serve(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
