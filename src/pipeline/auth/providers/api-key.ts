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
 * leak either. One-shot `crypto.hash` runs once per request: it allocates no Hash object and costs
 * a fraction of `createHash().update().digest()` (its hex output decodes in a few ns).
 */
function digest(value: string): Buffer {
  return Buffer.from(hash('sha256', value), 'hex');
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
        const candidate = digest(presented.value);
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
