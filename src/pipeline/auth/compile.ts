/** `compileAuthProviders`: the config's `auth` section → ready-to-run providers, once per table. */
import { readFile } from 'node:fs/promises';
import { type ConfigIssue, formatKeyPath, type Result } from '../../config/issues.js';
import type { ResolvedAuthProvider } from '../../config/resolved.js';
import type { AuthProvider } from './api.js';
import { type CompileIo, type ProviderConfig, type ProviderType, providerRegistry } from './registry.js';

export interface AuthCompileOptions {
  /** Where `{ env: 'NAME' }` secrets are read. */
  readonly env: NodeJS.ProcessEnv;
  /** Reads PEM, JWKS and secret files. @default fs.readFile as UTF-8 */
  readonly readFile?: (path: string) => Promise<string>;
  /** Folder relative file paths are resolved against (resolved configs already use absolute paths). @default process.cwd() */
  readonly dir?: string;
  /** Fetch used for JWKS URLs. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Minimum ms between JWKS URL refetches caused by unknown `kid`s (tests use 0). @default 30000 */
  readonly jwksCooldown?: number;
}

export interface CompiledAuth {
  /** Provider name → provider. */
  readonly providers: ReadonlyMap<string, AuthProvider>;
  /** Absolute paths of every file the providers read (PEM keys, JWKS files, secret files), for live reload. */
  readonly files: readonly string[];
}

/**
 * Compiles every provider: secrets resolved, PEM keys imported, JWKS loaded, password hashes
 * checked. Never throws; every problem is a `ConfigIssue` at its key path.
 * @example
 * const compiled = await compileAuthProviders(config.auth, { env: process.env });
 * if (!compiled.ok) report(compiled.issues);
 */
export async function compileAuthProviders(
  providers: Readonly<Record<string, ResolvedAuthProvider>>,
  options: AuthCompileOptions,
): Promise<Result<CompiledAuth>> {
  const files = new Set<string>();
  const io: CompileIo = {
    env: options.env,
    dir: options.dir ?? process.cwd(),
    readFile: options.readFile ?? ((path) => readFile(path, 'utf8')),
    dependsOn: (file) => files.add(file),
    fetch: options.fetch ?? globalThis.fetch,
    jwksCooldown: options.jwksCooldown ?? 30_000,
  };
  const entries = Object.entries(providers);
  const results = await Promise.all(entries.map(([name, config]) => compileOne(name, config, io)));
  const issues: ConfigIssue[] = [];
  const compiled = new Map<string, AuthProvider>();
  results.forEach((result, i) => {
    if (result.ok) compiled.set(entries[i]![0], result.provider);
    else issues.push(...result.issues);
  });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, providers: compiled, files: [...files] };
}

async function compileOne(
  name: string,
  config: ResolvedAuthProvider,
  io: CompileIo,
): Promise<Result<{ readonly provider: AuthProvider }>> {
  const at = formatKeyPath(['auth', name]);
  const entry = providerRegistry[config.type as ProviderType];
  if (!entry)
    return { ok: false, issues: [{ path: `${at}.type`, message: `unknown provider type "${config.type}"` }] };
  try {
    // The registry is keyed by type, so the entry and the config agree.
    return await entry.compile(config as ProviderConfig<never>, at, io);
  } catch (error) {
    return {
      ok: false,
      issues: [{ path: at, message: `could not be compiled: ${(error as Error).message}` }],
    };
  }
}
