/**
 * Route auth in nginx: Basic (`auth_basic` with an htpasswd file written beside the config;
 * nginx checks bcrypt through the system's crypt(3)), API keys (a `map` from the key header to
 * the client's name), forward auth (`auth_request` to an internal location). JWT needs NGINX
 * Plus (`auth_jwt`): such routes answer 401 and are reported.
 */
import { singleProvider } from '../shared/single-provider.js';
import type { ResolvedAuthProvider } from '../../config/resolved.js';
import type { ConfigAnalysis, RouteNeeds } from '../analysis.js';
import { escapeRegex } from '../path-regex.js';
import { ident, leftOut, problemJson } from '../shared/text.js';
import type { ExportedFile, FindingList } from '../types.js';
import { headerVariable, quote, quoteRegex } from './text.js';

/** What a route's auth adds to its location, and the headers it sets upstream. */
export interface LocationAuth {
  readonly lines: string[];
  /** Header (lower-case) → value for `proxy_set_header` (`''` removes it). */
  readonly headers: Record<string, string>;
}

const DENY = `return 401 ${quote(problemJson(401, 'Unauthorized', 'credentials are missing or not valid'))};`;

/** The location lines for `needs.auth` (nothing for a public route). */
export function locationAuth(needs: RouteNeeds, findings: FindingList): LocationAuth {
  const auth = needs.auth;
  const lines: string[] = [];
  const headers: Record<string, string> = {};
  if (!auth) return { lines, headers };
  const at = `${needs.at}.auth`;
  const single = singleProvider(auth);
  if (!single.ok) {
    lines.push(leftOut(findings.unsupported(at, single.problem), '  '), `  ${DENY}`);
    return { lines, headers };
  }
  const provider = single.provider;
  switch (provider.type) {
    case 'jwt':
      lines.push(
        leftOut(
          findings.unsupported(
            at,
            `JWT ("${provider.name}"): \`auth_jwt\` is NGINX Plus only — this route answers 401 (fail closed); put forward auth in front of a JWT validator instead`,
          ),
          '  ',
        ),
        `  ${DENY}`,
      );
      return { lines, headers };
    case 'basic':
      lines.push(
        `  auth_basic ${quote(provider.realm)};`,
        `  auth_basic_user_file ${htpasswdName(provider)};`,
      );
      if (!auth.forwardCredential) headers.authorization = '';
      break;
    case 'api-key':
      if (provider.query) {
        lines.push(
          leftOut(
            findings.unsupported(
              at,
              `API key in the query ("${provider.query}") — read it from a header instead`,
            ),
            '  ',
          ),
          `  ${DENY}`,
        );
        return { lines, headers };
      }
      lines.push(`  if ($gw_key_${ident(provider.name)} = "") { ${DENY} }`);
      if (!auth.forwardCredential && provider.header) headers[provider.header.toLowerCase()] = '';
      break;
    case 'forward':
      lines.push(`  auth_request /__gateway/auth/${ident(provider.name)};`);
      for (const name of provider.responseHeaders) {
        const variable = `$gw_auth_${ident(provider.name)}_${ident(name.toLowerCase())}`;
        lines.push(`  auth_request_set ${variable} $upstream_http_${ident(name.toLowerCase())};`);
        headers[name.toLowerCase()] = variable;
      }
      if (!auth.forwardCredential)
        for (const name of provider.requestHeaders) headers[name.toLowerCase()] = '';
      break;
  }
  for (const [header, claim] of Object.entries(auth.identityHeaders)) {
    if (claim !== 'name') {
      lines.push(
        leftOut(
          findings.unsupported(`${at}.identityHeaders`, `identity header "${header}" from claim "${claim}"`),
          '  ',
        ),
      );
      continue;
    }
    headers[header] = provider.type === 'basic' ? '$remote_user' : `$gw_key_${ident(provider.name)}`;
  }
  return { lines, headers };
}

/** http-level blocks: one `map` per API-key provider. */
export function authMaps(config: Record<string, ResolvedAuthProvider>, analysis: ConfigAnalysis): string[] {
  const out: string[] = [];
  for (const provider of Object.values(config)) {
    if (provider.type !== 'api-key' || !provider.header) continue;
    out.push(`# API keys of "${provider.name}" (auth.${provider.name}): the key → the client's name`);
    out.push(`map ${headerVariable(provider.header)} $gw_key_${ident(provider.name)} {`);
    provider.keys.forEach((key, i) => {
      const value = analysis.secrets.get(`auth.${provider.name}.keys[${i}].key`);
      // Regexes, because map compares plain strings case-insensitively.
      if (value !== undefined) out.push(`  ${quoteRegex(`~^${escapeRegex(value)}$`)} ${quote(key.name)};`);
    });
    out.push('  default "";', '}');
  }
  return out;
}

/** Internal locations (server level) that forward-auth providers' `auth_request` calls. */
export function authLocations(config: Record<string, ResolvedAuthProvider>): string[] {
  const out: string[] = [];
  for (const provider of Object.values(config)) {
    if (provider.type !== 'forward') continue;
    out.push(
      `  # forward auth "${provider.name}" (auth.${provider.name}): 2xx allows, 401/403 deny`,
      `  location = /__gateway/auth/${ident(provider.name)} {`,
      '    internal;',
      `    proxy_pass ${provider.url};`,
      '    proxy_pass_request_body off;',
      '    proxy_pass_request_headers off;',
      '    proxy_set_header Content-Length "";',
      '    proxy_set_header X-Forwarded-Method $request_method;',
      '    proxy_set_header X-Forwarded-Uri $request_uri;',
      '    proxy_set_header X-Forwarded-Host $http_host;',
      ...provider.requestHeaders.map((h) => `    proxy_set_header ${h} ${headerVariable(h)};`),
      `    proxy_read_timeout ${Math.max(1, Math.ceil(provider.timeout / 1000))}s;`,
      '  }',
    );
  }
  return out;
}

/** The htpasswd files, one per Basic provider whose hashes nginx can check (bcrypt). */
export function htpasswdFiles(
  config: Record<string, ResolvedAuthProvider>,
  analysis: ConfigAnalysis,
  findings: FindingList,
): ExportedFile[] {
  const files: ExportedFile[] = [];
  for (const provider of Object.values(config)) {
    if (provider.type !== 'basic') continue;
    const lines: string[] = [];
    provider.users.forEach((user, i) => {
      const at = `auth.${provider.name}.users[${i}].hash`;
      const hash = analysis.secrets.get(at);
      if (hash === undefined) return;
      if (/^\$2[aby]\$/.test(hash)) lines.push(`${user.name}:${hash}`);
      else
        findings.unsupported(
          at,
          `user "${user.name}": nginx checks passwords with crypt(3), which has no scrypt — hash it with \`htpasswd -nbB\` (bcrypt) instead`,
        );
    });
    files.push({ name: htpasswdName(provider), content: lines.length ? `${lines.join('\n')}\n` : '' });
  }
  return files;
}

function htpasswdName(provider: ResolvedAuthProvider): string {
  return `htpasswd-${ident(provider.name)}`;
}
