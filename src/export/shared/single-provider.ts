/**
 * What the stock engines can enforce of a route's auth: one provider, with scopes and roles only
 * where they are JWT claims. Every exporter asks this first, so the limits read the same.
 */
import type { ResolvedAuthProvider } from '../../config/resolved.js';
import type { AuthNeeds } from '../analysis.js';

/** The route's one provider, or why no engine-side check can stand in for gateway's. */
export function singleProvider(
  auth: AuthNeeds,
):
  | { readonly ok: true; readonly provider: ResolvedAuthProvider }
  | { readonly ok: false; readonly problem: string } {
  const [provider, ...others] = auth.providers;
  if (!provider || others.length > 0)
    return { ok: false, problem: 'a route accepting several auth providers (any of) — give it one provider' };
  if (provider.type !== 'jwt' && (auth.roles.length > 0 || auth.scopes.length > 0))
    return { ok: false, problem: 'roles and scopes are checked only on JWT claims' };
  return { ok: true, provider };
}
