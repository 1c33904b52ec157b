/**
 * `api-key`: a key from a header or a query parameter, compared in constant time with every
 * configured key. The identity is the matching key's `name`.
 */
import { hash, timingSafeEqual } from 'node:crypto';
import type { ConfigIssue } from '../../../config/issues.js';
import type { AuthProvider } from '../api.js';
import { invalidCredential, missingCredential, readHeader, readQueryParam } from '../credentials.js';
import type { ProviderEntry } from '../registry.js';
import { resolveSecret } from '../secrets.js';

const DEFAULT_HEADER = 'x-api-key';

/**
 * Comparing SHA-256 digests keeps `timingSafeEqual` on equal lengths, so a key's length does not
 * leak either. One-shot `crypto.hash` allocates no Hash object and costs a fraction of
 * `createHash().update().digest()` (its hex output decodes in a few ns); `digestOf` remembers it.
 */
function digest(value: string): Buffer {
  return Buffer.from(hash('sha256', value), 'hex');
}

/** Presented values remembered per provider (their digests); cleared when this many are held. */
const REMEMBERED = 64;

/**
 * The digest of a presented key, remembered: a client sends the same key with every request, and
 * hashing it was the largest single cost of the auth stage. The map is looked up by the whole
 * string (V8 compares string hashes before contents, so a lookup tells nothing about a prefix),
 * the comparison with the configured keys stays constant-time, and the map holds at most
 * `REMEMBERED` values, so a client cycling through keys cannot make it grow.
 */
function digestOf(value: string, remembered: Map<string, Buffer>): Buffer {
  let known = remembered.get(value);
  if (known === undefined) {
    if (remembered.size >= REMEMBERED) remembered.clear();
    // Its own memory, not a slice of Buffer's shared 8 KB pool that it would keep alive.
    known = Buffer.allocUnsafeSlow(32);
    digest(value).copy(known);
    remembered.set(value, known);
  }
  return known;
}

export const apiKeyProvider: ProviderEntry<'api-key'> = {
  type: 'api-key',
  async compile(config, at, io) {
    const issues: ConfigIssue[] = [];
    const keys: { readonly name: string; readonly digest: Buffer }[] = [];
    for (const [i, entry] of config.keys.entries()) {
      const secret = await resolveSecret(entry.key, `${at}.keys[${i}].key`, io);
      if (secret.ok) keys.push({ name: entry.name, digest: digest(secret.value) });
      else issues.push(secret.issue);
    }
    if (issues.length > 0) return { ok: false, issues };

    const header = config.header?.toLowerCase() ?? (config.query === undefined ? DEFAULT_HEADER : undefined);
    const query = config.query;
    const expected = [header && `header ${header}`, query && `query parameter ${query}`]
      .filter(Boolean)
      .join(' or ');
    const where = header ? `header="${header}"` : `query="${query}"`;
    const remembered = new Map<string, Buffer>();

    const provider: AuthProvider = {
      name: config.name,
      type: 'api-key',
      challenge: `ApiKey realm="gateway", ${where}`,
      credential: { ...(header && { header }), ...(query && { query }) },
      async authenticate(request) {
        const presented = presentedKey(header, query, request);
        if (presented.kind === 'absent') return missingCredential(expected);
        if (presented.kind === 'several')
          return invalidCredential(`several API keys presented (${expected}); send exactly one`);
        const candidate = digestOf(presented.value, remembered);
        let matched: string | undefined;
        // No early exit: every key is compared, so timing does not tell which one (or none) matched.
        for (const key of keys) {
          if (timingSafeEqual(candidate, key.digest) && matched === undefined) matched = key.name;
        }
        if (matched === undefined) return invalidCredential(`API key not recognized (${presented.from})`);
        return { ok: true, identity: { name: matched }, scopes: [], roles: [] };
      },
    };
    return { ok: true, provider };
  },
};

type Presented =
  | { readonly kind: 'absent' }
  | { readonly kind: 'several' }
  | { readonly kind: 'one'; readonly value: string; readonly from: string };

/** The header wins over the query parameter when both are configured and sent. */
function presentedKey(
  header: string | undefined,
  query: string | undefined,
  request: Parameters<AuthProvider['authenticate']>[0],
): Presented {
  if (header) {
    const read = readHeader(request, header);
    if (read.kind === 'several') return read;
    if (read.kind === 'one' && read.value !== '')
      return { kind: 'one', value: read.value, from: `header ${header}` };
  }
  if (query) {
    const values = readQueryParam(request.query, query).filter((v) => v !== '');
    if (values.length > 1) return { kind: 'several' };
    if (values.length === 1) return { kind: 'one', value: values[0]!, from: `query parameter ${query}` };
  }
  return { kind: 'absent' };
}
