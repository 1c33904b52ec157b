/**
 * The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers -10/-11): `RateLimit-Policy`
 * and `RateLimit`, each a Structured Field list of named items —
 * `RateLimit-Policy: "users";q=100;w=60` (quota, window in seconds) and
 * `RateLimit: "users";r=19;t=12` (remaining, seconds until the quota is restored).
 * The pre-draft-07 `RateLimit-Limit/-Remaining/-Reset` are not sent.
 */

/** The two fields, lower-case names as node sends them. */
export function rateLimitFields(
  policy: string,
  quota: { readonly requests: number; readonly windowSeconds: number },
  state: { readonly remaining: number; readonly resetSeconds: number },
): Record<string, string> {
  const name = sfString(policy);
  return {
    'ratelimit-policy': `${name};q=${quota.requests};w=${quota.windowSeconds}`,
    ratelimit: `${name};r=${state.remaining};t=${state.resetSeconds}`,
  };
}

/**
 * A Structured Field String (RFC 8941 §3.3.3): printable ASCII in quotes, `\` and `"` escaped.
 * Other characters cannot appear in one, so they become `_`.
 */
export function sfString(text: string): string {
  return `"${text.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
