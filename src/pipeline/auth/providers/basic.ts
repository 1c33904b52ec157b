/**
 * `basic`: HTTP Basic (RFC 7617) against users with bcrypt or scrypt password hashes.
 * The identity is the user name. An unknown user costs a real hash check too, so timing
 * does not reveal which user names exist.
 */
import type { ConfigIssue } from '../../../config/issues.js';
import type { AuthProvider } from '../api.js';
import { challenge } from '../challenge.js';
import { authorizationParam, invalidCredential, missingCredential, readHeader } from '../credentials.js';
import { type PasswordHash, parsePasswordHash, verifyPassword } from '../password.js';
import type { ProviderEntry } from '../registry.js';
import { resolveSecret } from '../secrets.js';

/** Longer than any real user:password; refusing early keeps hash work bounded. */
const MAX_CREDENTIAL_BYTES = 4096;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export const basicProvider: ProviderEntry<'basic'> = {
  type: 'basic',
  async compile(config, at, io) {
    const issues: ConfigIssue[] = [];
    const users = new Map<string, PasswordHash>();
    const seen = new Set<string>();
    for (const [i, user] of config.users.entries()) {
      const path = `${at}.users[${i}]`;
      if (seen.has(user.name))
        issues.push({ path: `${path}.name`, message: `user "${user.name}" is listed twice` });
      seen.add(user.name);
      const secret = await resolveSecret(user.hash, `${path}.hash`, io);
      if (!secret.ok) {
        issues.push(secret.issue);
        continue;
      }
      const hash = parsePasswordHash(secret.value);
      if ('error' in hash) issues.push({ path: `${path}.hash`, message: hash.error });
      else users.set(user.name, hash);
    }
    const decoy = users.values().next().value;
    if (issues.length > 0 || decoy === undefined) return { ok: false, issues };

    const realm = config.realm;
    const provider: AuthProvider = {
      name: config.name,
      type: 'basic',
      challenge: challenge('Basic', { realm, charset: 'UTF-8' }),
      credential: { header: 'authorization' },
      async authenticate(request) {
        const header = readHeader(request, 'authorization');
        if (header.kind === 'several')
          return invalidCredential('several Authorization headers; send exactly one');
        const param = header.kind === 'one' ? authorizationParam(header.value, 'Basic') : undefined;
        if (param === undefined) return missingCredential('Authorization: Basic <base64 of user:password>');
        const pair = decodeBasic(param);
        if (!pair) return invalidCredential('malformed Basic credential: expected base64 of user:password');
        const hash = users.get(pair.user);
        // Unknown users are checked against a real hash as well and then refused, so both paths cost the same.
        const matches = await verifyPassword(pair.password, hash ?? decoy);
        // One message for both cases: telling them apart would let clients enumerate users.
        if (!hash || !matches) return invalidCredential('invalid user name or password');
        return { ok: true, identity: { name: pair.user }, scopes: [], roles: [] };
      },
    };
    return { ok: true, provider };
  },
};

function decodeBasic(param: string): { readonly user: string; readonly password: string } | undefined {
  if (param.length > MAX_CREDENTIAL_BYTES || !BASE64.test(param)) return undefined;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(Buffer.from(param, 'base64'));
  const colon = text.indexOf(':');
  if (colon < 1) return undefined;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}
