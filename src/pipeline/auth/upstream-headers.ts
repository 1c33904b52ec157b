/**
 * The header edits auth makes to the upstream request: the credential removed (unless the
 * route forwards it), client-sent identity headers removed, then the authenticated identity
 * and forward-auth headers set. `HeaderEdits` apply `remove` before `set`.
 */
import type { ResolvedRouteAuth } from '../../config/resolved.js';
import type { HeaderEdits } from '../types.js';
import type { AuthProvider } from './api.js';
import { claimAt } from './providers/jwt-claims.js';

/**
 * Every header name that carries identity upstream anywhere in the table: each route's
 * `identityHeaders` and each forward provider's `responseHeaders`. Compute it once per table
 * and pass it to `authorize`, so a client cannot send `X-User: admin` through a public route
 * to an upstream that trusts it.
 */
export function identityHeaderNames(
  routes: readonly { readonly auth: ResolvedRouteAuth | null }[],
  providers: ReadonlyMap<string, AuthProvider>,
): readonly string[] {
  const names = new Set<string>();
  for (const route of routes)
    for (const name of Object.keys(route.auth?.identityHeaders ?? {})) names.add(name.toLowerCase());
  for (const provider of providers.values())
    for (const name of provider.upstreamHeaders ?? []) names.add(name.toLowerCase());
  return [...names].sort();
}

/** Identity, as the provider established it, to fill `identityHeaders`. */
export interface IdentityForHeaders {
  readonly name: string;
  readonly verifiedClaims?: Readonly<Record<string, unknown>>;
  readonly copyHeaders?: Readonly<Record<string, string>>;
}

/** Builds the edits for an allowed request. `alwaysRemove` is the table's spoofable set. */
export function upstreamHeaderEdits(
  routeAuth: ResolvedRouteAuth,
  provider: AuthProvider,
  identity: IdentityForHeaders,
  alwaysRemove: readonly string[],
): HeaderEdits {
  const remove = new Set(alwaysRemove);
  if (!routeAuth.forwardCredential && provider.credential.header) remove.add(provider.credential.header);
  const set: Record<string, string> = {};
  for (const [header, claim] of Object.entries(routeAuth.identityHeaders)) {
    const name = header.toLowerCase();
    remove.add(name);
    const value = claim === 'name' ? identity.name : stringify(claimAt(identity.verifiedClaims ?? {}, claim));
    if (value !== undefined) set[name] = value;
  }
  for (const [header, value] of Object.entries(identity.copyHeaders ?? {})) {
    if (isHeaderValue(value)) set[header] = value;
  }
  return { remove: [...remove].sort(), set };
}

/** Strings as they are, arrays of strings space-joined (like `scope`), anything else as JSON; unsendable values dropped. */
function stringify(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text =
    typeof value === 'string'
      ? value
      : Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? value.join(' ')
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  return isHeaderValue(text) ? text : undefined;
}

/**
 * What node will send as a field value (RFC 9110 §5.5): no CR, LF, NUL or other controls (a
 * claim could try to inject a header) and nothing beyond Latin-1, which node refuses.
 */
function isHeaderValue(value: string): boolean {
  return !/[^\t\x20-\x7e\x80-\xff]/.test(value) && value.length <= 8192;
}
