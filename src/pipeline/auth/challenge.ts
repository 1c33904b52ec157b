/** Building `WWW-Authenticate` challenges (RFC 9110 §11.6.1, RFC 6750 §3) without letting values break the header. */

/** A quoted-string auth-param value: quotes and backslashes escaped, control characters dropped. */
export function quoted(value: string): string {
  return `"${value.replace(/[\u0000-\u001f\u007f]/g, '').replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * RFC 6750 `error_description` allows only %x20-21 / %x23-5B / %x5D-7E: no quotes, no
 * backslashes, no non-ASCII. Claim values inside a reason are attacker-chosen, so they go.
 */
export function errorDescription(value: string): string {
  return value.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '').slice(0, 200);
}

/** `Scheme realm="gateway", error="invalid_token"`: params in the order given, undefined ones left out. */
export function challenge(scheme: string, params: Readonly<Record<string, string | undefined>>): string {
  const parts = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${quoted(value)}`);
  return parts.length > 0 ? `${scheme} ${parts.join(', ')}` : scheme;
}
