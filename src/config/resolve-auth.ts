/** `auth` providers and a route's `auth` requirement, resolved. */
import { resolve } from 'node:path';
import type { ParsedConfig } from './check-refs.js';
import type { ResolvedAuthProvider, ResolvedRouteAuth } from './resolved.js';
import type { RouteAuthConfig, Secret } from './schema/index.js';
import { toMilliseconds } from './units.js';
import { isHttpUrl } from './values.js';

type ProviderInput = NonNullable<ParsedConfig['auth']>[string];

/** One provider with its defaults; key files made absolute (`dir`: the config's folder). */
export function resolveProvider(name: string, provider: ProviderInput, dir: string): ResolvedAuthProvider {
  const secret = (value: Secret): Secret =>
    typeof value === 'object' && 'file' in value ? { file: resolve(dir, value.file) } : value;
  switch (provider.type) {
    case 'api-key':
      return {
        name,
        type: 'api-key',
        // The query alone is read only when the user asked for a query parameter and no header.
        header: (provider.header ?? (provider.query === undefined ? 'x-api-key' : undefined))?.toLowerCase(),
        query: provider.query,
        keys: provider.keys.map((entry) => ({ name: entry.name, key: secret(entry.key) })),
      };
    case 'basic':
      return {
        name,
        type: 'basic',
        realm: provider.realm ?? 'gateway',
        users: provider.users.map((user) => ({ name: user.name, hash: secret(user.hash) })),
      };
    case 'jwt':
      return {
        name,
        type: 'jwt',
        algorithms: provider.algorithms,
        secret: provider.secret === undefined ? undefined : secret(provider.secret),
        publicKey: provider.publicKey === undefined ? undefined : resolve(dir, provider.publicKey),
        jwks:
          provider.jwks === undefined || isHttpUrl(provider.jwks)
            ? provider.jwks
            : resolve(dir, provider.jwks),
        issuer: toList(provider.issuer),
        audience: toList(provider.audience),
        clockTolerance: toMilliseconds(provider.clockTolerance ?? '30s'),
        requireExpiry: provider.requireExpiry ?? true,
        maxTokenAge: provider.maxTokenAge === undefined ? undefined : toMilliseconds(provider.maxTokenAge),
        requiredClaims: provider.requiredClaims ?? {},
        rolesClaim: provider.rolesClaim ?? 'roles',
        maxTokenSize: provider.maxTokenSize ?? 8192,
      };
    case 'forward':
      return {
        name,
        type: 'forward',
        url: provider.url,
        requestHeaders: (provider.requestHeaders ?? ['authorization', 'cookie']).map((h) => h.toLowerCase()),
        responseHeaders: (provider.responseHeaders ?? []).map((h) => h.toLowerCase()),
        timeout: toMilliseconds(provider.timeout ?? '5s'),
        timeoutStatus: provider.timeoutStatus ?? 504,
        unreachableStatus: provider.unreachableStatus ?? 503,
      };
  }
}

/**
 * A route's requirement: its own `auth` (`false` → public), else `defaults.auth`, else public.
 * `authSource` says which, so `explain` and lint can tell "public on purpose" from "public by default".
 */
export function resolveRouteAuth(
  own: RouteAuthConfig | undefined,
  defaults: RouteAuthConfig | undefined,
): { auth: ResolvedRouteAuth | null; authSource: 'route' | 'default' | 'none' } {
  if (own !== undefined) return { auth: own === false ? null : toRouteAuth(own), authSource: 'route' };
  if (defaults !== undefined)
    return { auth: defaults === false ? null : toRouteAuth(defaults), authSource: 'default' };
  return { auth: null, authSource: 'none' };
}

function toRouteAuth(auth: Exclude<RouteAuthConfig, false>): ResolvedRouteAuth {
  if (typeof auth === 'string' || Array.isArray(auth)) {
    return {
      providers: toList(auth) ?? [],
      scopes: [],
      roles: [],
      forwardCredential: false,
      identityHeaders: {},
    };
  }
  const identityHeaders: Record<string, string> = {};
  for (const [header, claim] of Object.entries(auth.identityHeaders ?? {}))
    identityHeaders[header.toLowerCase()] = claim;
  return {
    providers: toList(auth.providers) ?? [],
    scopes: auth.scopes ?? [],
    roles: auth.roles ?? [],
    forwardCredential: auth.forwardCredential ?? false,
    identityHeaders,
  };
}

function toList(value: string | readonly string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? [value] : [...value];
}
