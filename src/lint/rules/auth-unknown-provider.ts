/** `auth/unknown-provider`: a route (or `defaults.auth`) names an auth provider that `auth` does not define. */
import { formatKeyPath } from '../../config/issues.js';
import type { RouteAuthConfig, UserConfig } from '../../config/schema/index.js';
import { didYouMean } from '../../config/suggest.js';
import type { LintRule } from '../types.js';

export const authUnknownProvider: LintRule = {
  id: 'auth/unknown-provider',
  severity: 'error',
  loadError: true,
  description: 'A route requires an auth provider that is not defined.',
  help: 'Fix the provider name, or define the provider under `auth`.',
  check({ user }) {
    const known = Object.keys(user.auth ?? {});
    return providerReferences(user)
      .filter((ref) => !known.includes(ref.name))
      .map((ref) => ({
        path: ref.path,
        message: `auth provider ${JSON.stringify(ref.name)} is not defined${didYouMean(ref.name, known) || ' — define it under "auth"'}`,
      }));
  },
};

/** Every provider name the config refers to, with the key path it is written at. */
export function providerReferences(user: UserConfig): { name: string; path: string }[] {
  const refs: { name: string; path: string }[] = [];
  const collect = (auth: RouteAuthConfig | undefined, base: (string | number)[]) => {
    if (auth === undefined || auth === false) return;
    // The four spellings: 'name', ['a', 'b'], { providers: 'name' }, { providers: ['a', 'b'] }.
    const list = typeof auth === 'string' || Array.isArray(auth) ? auth : auth.providers;
    const at = typeof auth === 'string' || Array.isArray(auth) ? base : [...base, 'providers'];
    if (typeof list === 'string') refs.push({ name: list, path: formatKeyPath(at) });
    else for (const [i, name] of list.entries()) refs.push({ name, path: formatKeyPath([...at, i]) });
  };
  collect(user.defaults?.auth, ['defaults', 'auth']);
  user.routes.forEach((route, index) => {
    collect(route.auth, ['routes', index, 'auth']);
  });
  return refs;
}
