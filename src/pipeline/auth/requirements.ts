/** A route's `scopes` (all required) and `roles` (any one) checked against an authenticated identity. */

/**
 * The 403 reason, or `undefined` when the identity satisfies the route.
 * @example missingGrant(['orders:write'], [], ['orders:read'], []) // 'missing scope orders:write (token has orders:read)'
 */
export function missingGrant(
  requiredScopes: readonly string[],
  requiredRoles: readonly string[],
  scopes: readonly string[],
  roles: readonly string[],
): string | undefined {
  const missing = requiredScopes.filter((scope) => !scopes.includes(scope));
  if (missing.length > 0) {
    const noun = missing.length === 1 ? 'scope' : 'scopes';
    return `missing ${noun} ${missing.join(', ')} (token has ${has(scopes, 'no scopes')})`;
  }
  if (requiredRoles.length > 0 && !requiredRoles.some((role) => roles.includes(role))) {
    const wanted =
      requiredRoles.length === 1
        ? `role ${requiredRoles[0]}`
        : `one of the roles ${requiredRoles.join(', ')}`;
    return `missing ${wanted} (token has ${has(roles, 'no roles')})`;
  }
  return undefined;
}

function has(values: readonly string[], none: string): string {
  if (values.length === 0) return none;
  return values.length > 10 ? `${values.slice(0, 10).join(' ')} …` : values.join(' ');
}
