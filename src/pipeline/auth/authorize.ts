/**
 * `authorize`: the auth stage for one request. Tries the route's providers in order (the
 * first that authenticates wins), checks the route's scopes and roles, and returns an
 * `AuthOutcome` that is plain data, never contains a credential, and carries the header
 * edits for the upstream request.
 */
import type { ResolvedRouteAuth } from '../../config/resolved.js';
import type { AuthOutcome, NormalizedRequest } from '../types.js';
import type { AuthContext, AuthProvider, ProviderResult } from './api.js';
import { challenge } from './challenge.js';
import { MISSING_PREFIX } from './credentials.js';
import { missingGrant } from './requirements.js';
import { upstreamHeaderEdits } from './upstream-headers.js';

export interface AuthorizeOptions {
  /**
   * Headers removed from every request, public routes included: the table's
   * `identityHeaderNames(routes, providers)`, computed once when the table is built.
   */
  readonly identityHeaders?: readonly string[];
}

type Failure = Extract<ProviderResult, { ok: false }> & { readonly provider: string };

/**
 * @example
 * await authorize(route.auth, compiled.providers, request, { now: () => Date.now(), fetch })
 * // { result: 'deny', providers: ['jwt'], provider: 'jwt', status: 401,
 * //   reason: 'token expired 2m ago (exp 2026-11-26T05:00:00Z, tolerance 30s)',
 * //   challenge: 'Bearer realm="gateway", error="invalid_token", error_description="token expired"' }
 */
export async function authorize(
  routeAuth: ResolvedRouteAuth | null,
  providers: ReadonlyMap<string, AuthProvider>,
  request: NormalizedRequest,
  ctx: AuthContext,
  options: AuthorizeOptions = {},
): Promise<AuthOutcome> {
  const spoofable = [...(options.identityHeaders ?? [])];
  if (routeAuth === null) {
    return {
      result: 'public',
      providers: [],
      reason: 'public route',
      ...(spoofable.length > 0 && { headers: { set: {}, remove: spoofable } }),
    };
  }
  const names = routeAuth.providers;
  for (const name of names)
    for (const header of providers.get(name)?.upstreamHeaders ?? []) spoofable.push(header);

  const failures: Failure[] = [];
  for (const name of names) {
    const provider = providers.get(name);
    const result = provider ? await authenticateSafely(provider, request, ctx) : undefinedProvider(name);
    if (!result.ok) {
      failures.push({ ...result, provider: name });
      continue;
    }
    const outcome = { providers: names, provider: name, identity: result.identity };
    const lacking = missingGrant(routeAuth.scopes, routeAuth.roles, result.scopes, result.roles);
    if (lacking) {
      const scope = routeAuth.scopes.filter((s) => !result.scopes.includes(s)).join(' ');
      return {
        result: 'deny',
        ...outcome,
        status: 403,
        reason: lacking,
        ...(provider?.type === 'jwt' &&
          scope && {
            challenge: challenge('Bearer', { realm: 'gateway', error: 'insufficient_scope', scope }),
          }),
      };
    }
    const query = provider?.credential.query;
    return {
      result: 'allow',
      ...outcome,
      reason: `authenticated as ${result.identity.name} by ${name}${grantSummary(routeAuth)}`,
      headers: upstreamHeaderEdits(
        routeAuth,
        provider as AuthProvider,
        { ...result, name: result.identity.name },
        spoofable,
      ),
      ...(query && !routeAuth.forwardCredential && { removeQuery: [query] }),
    };
  }
  return denial(names, providers, failures);
}

/** 401 (or the reported provider's own status) with the most informative failure's reason. */
function denial(
  names: readonly string[],
  providers: ReadonlyMap<string, AuthProvider>,
  failures: readonly Failure[],
): AuthOutcome {
  // A credential that was presented and refused says more than "you sent nothing".
  const reported = failures.find((f) => !f.missing) ?? failures[0];
  if (!reported)
    return {
      result: 'deny',
      providers: names,
      status: 500,
      reason: 'route requires auth but names no provider',
    };
  const status = reported.passthrough?.status ?? reported.status ?? 401;
  const allMissing = failures.every((f) => f.missing);
  const reason = allMissing && failures.length > 1 ? joinMissing(failures) : reported.reason;
  const first = failures[0]!;
  const challengeValue =
    status === 401 && !reported.passthrough
      ? (first.challenge ?? providers.get(first.provider)?.challenge)
      : undefined;
  return {
    result: 'deny',
    providers: names,
    provider: reported.provider,
    status,
    reason,
    ...(challengeValue && { challenge: challengeValue }),
    ...(reported.passthrough && { passthrough: reported.passthrough }),
  };
}

/** `missing credential: expected Authorization: Bearer <token> or header x-api-key`. */
function joinMissing(failures: readonly Failure[]): string {
  const expected = failures.map((f) =>
    f.reason.startsWith(MISSING_PREFIX) ? f.reason.slice(MISSING_PREFIX.length) : f.reason,
  );
  return `${MISSING_PREFIX}${[...new Set(expected)].join(' or ')}`;
}

function grantSummary(routeAuth: ResolvedRouteAuth): string {
  const parts = [];
  if (routeAuth.scopes.length > 0) parts.push(`scopes ${routeAuth.scopes.join(' ')}`);
  if (routeAuth.roles.length > 0) parts.push(`role ${routeAuth.roles.join('|')}`);
  return parts.length > 0 ? ` (has ${parts.join(', ')})` : '';
}

/** A provider that throws is a bug in it; the request still gets a definite answer. */
async function authenticateSafely(
  provider: AuthProvider,
  request: NormalizedRequest,
  ctx: AuthContext,
): Promise<ProviderResult> {
  try {
    return await provider.authenticate(request, ctx);
  } catch (error) {
    return {
      ok: false,
      missing: false,
      status: 500,
      reason: `provider ${provider.name} failed: ${(error as Error).message}`,
    };
  }
}

function undefinedProvider(name: string): ProviderResult {
  return { ok: false, missing: false, status: 500, reason: `auth provider "${name}" is not defined` };
}
