/**
 * The provider registry: one small named entry per `type`, each compiling its config into an
 * `AuthProvider`. Adding a provider is adding an entry here, not a branch elsewhere.
 */
import type { ResolvedAuthProvider } from '../../config/resolved.js';
import type { Result } from '../../config/issues.js';
import type { AuthProvider } from './api.js';
import { apiKeyProvider } from './providers/api-key.js';
import { basicProvider } from './providers/basic.js';
import { forwardProvider } from './providers/forward.js';
import { jwtProvider } from './providers/jwt.js';

export type ProviderType = ResolvedAuthProvider['type'];
export type ProviderConfig<T extends ProviderType> = Extract<ResolvedAuthProvider, { readonly type: T }>;

/** What compiling a provider may touch: the environment, files (recorded for live reload), the network. */
export interface CompileIo {
  readonly env: NodeJS.ProcessEnv;
  /** Folder relative paths are resolved against. */
  readonly dir: string;
  readonly readFile: (path: string) => Promise<string>;
  /** Records a file the provider depends on (PEM, JWKS, secret file) so live reload watches it. */
  readonly dependsOn: (file: string) => void;
  /** Used for JWKS URLs (forward auth uses the per-request `AuthContext.fetch`). */
  readonly fetch: typeof fetch;
  /** Minimum milliseconds between two JWKS URL fetches triggered by unknown `kid`s. */
  readonly jwksCooldown: number;
}

/** One registry entry: compile-time validation and key loading, producing the runtime provider. */
export interface ProviderEntry<T extends ProviderType> {
  readonly type: T;
  /** `at` is the provider's key path (`auth.orders`), for issues. */
  compile(
    config: ProviderConfig<T>,
    at: string,
    io: CompileIo,
  ): Promise<Result<{ readonly provider: AuthProvider }>>;
}

export const providerRegistry: { readonly [T in ProviderType]: ProviderEntry<T> } = {
  'api-key': apiKeyProvider,
  basic: basicProvider,
  jwt: jwtProvider,
  forward: forwardProvider,
};
