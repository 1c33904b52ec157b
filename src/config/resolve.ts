/**
 * `resolveConfig`: a user's config (any value) → a frozen `ResolvedConfig`, or every problem
 * found. Three steps, each reporting everything it finds: the schema, the cross-references
 * (check-refs.ts), then the conversion, which cannot fail once the first two passed.
 */
import { isAbsolute, resolve } from 'node:path';
import { checkReferences, type ParsedConfig } from './check-refs.js';
import { deepFreeze } from './freeze.js';
import type { Result } from './issues.js';
import { resolveProvider } from './resolve-auth.js';
import { resolveRoute } from './resolve-route.js';
import { resolveServer } from './resolve-server.js';
import { resolveUpstream } from './resolve-upstream.js';
import type { ResolvedAuthProvider, ResolvedConfig, ResolvedUpstream } from './resolved.js';
import { configSchema } from './schema/index.js';
import { issuesFromZod } from './zod-issues.js';

export interface ResolveOptions {
  /** The config file, when there is one (kept in `ResolvedConfig.file`). */
  readonly file?: string;
  /** Folder that relative paths in the config (protos, WSDLs, keys, certificates) are resolved against. */
  readonly dir: string;
  /** Reserved for settings read from the environment; secrets stay `{ env }` references. */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Validates and resolves a config. Errors are values: `{ ok: false, issues }` lists every schema
 * problem, or (when the shape is right) every cross-reference problem, each with its key path.
 * @example
 * const result = resolveConfig({ upstreams: { users: 'http://127.0.0.1:4001' }, routes: [] }, { dir: process.cwd() });
 * if (result.ok) result.config.upstreams.users.targets[0].id; // '127.0.0.1:4001'
 */
export function resolveConfig(user: unknown, options: ResolveOptions): Result<{ config: ResolvedConfig }> {
  const parsed = configSchema.safeParse(user);
  if (!parsed.success) return { ok: false, issues: issuesFromZod(parsed.error.issues, user, configSchema) };
  const issues = checkReferences(parsed.data);
  if (issues.length > 0) return { ok: false, issues };
  const dir = resolve(options.dir);
  const file =
    options.file === undefined
      ? undefined
      : isAbsolute(options.file)
        ? options.file
        : resolve(dir, options.file);
  return { ok: true, config: deepFreeze(buildConfig(parsed.data, dir, file)) };
}

function buildConfig(config: ParsedConfig, dir: string, file: string | undefined): ResolvedConfig {
  const upstreams: Record<string, ResolvedUpstream> = {};
  for (const [name, upstream] of Object.entries(config.upstreams ?? {}))
    upstreams[name] = resolveUpstream(name, upstream, dir, config.defaults?.upstream);
  const auth: Record<string, ResolvedAuthProvider> = {};
  for (const [name, provider] of Object.entries(config.auth ?? {}))
    auth[name] = resolveProvider(name, provider, dir);
  return {
    file,
    dir,
    server: resolveServer(config.server, dir),
    upstreams,
    auth,
    routes: config.routes.map((route, index) => resolveRoute(route, index, config, upstreams, dir)),
    tests: config.tests ?? [],
    lint: { rules: config.lint?.rules ?? {} },
  };
}
