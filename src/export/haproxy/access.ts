/**
 * The rules in front of a route's action: CORS (preflights answered, headers on answers) and auth
 * (`userlist` Basic auth, an API-key check; JWT and forward auth are findings that fail closed).
 */
import type { ResolvedCors } from '../../config/resolved.js';
import type { RouteNeeds } from '../analysis.js';
import { escapeRegex } from '../path-regex.js';
import { singleProvider } from '../shared/single-provider.js';
import { ident, leftOut, problemJson } from '../shared/text.js';
import type { BackendContext } from './backends.js';
import { headerSample, sq } from './text.js';

/** The fail-closed answer of a route whose auth HAProxy cannot check. */
export const DENY = `http-request return status 401 content-type application/problem+json string ${sq(problemJson(401, 'Unauthorized', 'credentials are missing or not valid'))}`;

/** CORS: preflights answered here, the allow headers added to answers. */
export function corsRules(cors: ResolvedCors): string[] {
  const origins =
    cors.origins === '*'
      ? '-m found'
      : `-m reg ${(cors.origins as readonly (string | RegExp)[]).map((o) => sq(typeof o === 'string' ? `^${escapeRegex(o)}$` : o.source)).join(' ')}`;
  const allow = cors.origins === '*' && !cors.credentials ? '*' : '%[var(txn.gw_origin)]';
  const preflight = [
    'status 204',
    `hdr access-control-allow-origin ${sq(allow)}`,
    cors.credentials ? 'hdr access-control-allow-credentials true' : '',
    allow === '*' ? '' : 'hdr vary Origin',
    `hdr access-control-allow-methods ${sq(cors.methods.join(', '))}`,
    `hdr access-control-max-age ${cors.maxAgeSeconds}`,
    `hdr access-control-allow-headers ${sq(cors.headers ? cors.headers.join(', ') : '%[req.hdr(access-control-request-headers)]')}`,
  ].filter(Boolean);
  return [
    `  acl cors_ok req.hdr(origin) ${origins}`,
    '  acl cors_preflight method OPTIONS',
    '  acl cors_preflight_method req.hdr(access-control-request-method) -m found',
    '  http-request set-var(txn.gw_origin) req.hdr(origin) if cors_ok',
    '  http-request return status 403 if cors_preflight cors_preflight_method !cors_ok { req.hdr(origin) -m found }',
    `  http-request return ${preflight.join(' ')} if cors_preflight cors_preflight_method cors_ok`,
    // Every answer after the CORS stage carries the headers, as gateway's do: forwarded ones,
    // the route's own (redirects, mocks, 401, 429) and HAProxy's (502–504): http-after-response.
    '  http-request set-var(txn.gw_cors) bool(true) if { var(txn.gw_origin) -m found }',
    `  http-after-response set-header access-control-allow-origin ${sq(allow)} if { var(txn.gw_cors) -m bool }`,
    ...(cors.credentials
      ? [
          '  http-after-response set-header access-control-allow-credentials true if { var(txn.gw_cors) -m bool }',
        ]
      : []),
    ...(allow === '*'
      ? []
      : ['  http-after-response add-header vary Origin if { var(txn.gw_cors) -m bool }']),
    ...(cors.exposeHeaders.length > 0
      ? [
          `  http-after-response set-header access-control-expose-headers ${sq(cors.exposeHeaders.join(', '))} if { var(txn.gw_cors) -m bool }`,
        ]
      : []),
  ];
}

/** The route's auth as `http-request` rules (a lone DENY when HAProxy cannot check it). */
export function authRules(needs: RouteNeeds, ctx: BackendContext): string[] {
  const auth = needs.auth;
  if (!auth) return [];
  const at = `${needs.at}.auth`;
  const deny = (message: string) => [leftOut(ctx.findings.unsupported(at, message), '  '), `  ${DENY}`];
  const single = singleProvider(auth);
  if (!single.ok) return deny(single.problem);
  const provider = single.provider;
  const out: string[] = [];
  switch (provider.type) {
    case 'jwt':
      return deny(
        `JWT ("${provider.name}"): HAProxy's jwt_verify takes one PEM key or HMAC secret, not a JWKS, and checks no claims by itself — this route answers 401 (fail closed)`,
      );
    case 'forward':
      return deny(
        `forward auth ("${provider.name}"): HAProxy needs a Lua script (haproxy-auth-request) for it — this route answers 401 (fail closed)`,
      );
    case 'basic':
      ctx.userlists.add(provider.name);
      out.push(
        `  http-request auth realm ${sq(provider.realm)} unless { http_auth(gw_${ident(provider.name)}) }`,
      );
      if (!auth.forwardCredential) out.push('  http-request del-header authorization');
      break;
    case 'api-key': {
      if (provider.query || !provider.header)
        return deny(`API key in the query ("${provider.query}") — read it from a header instead`);
      const keys = provider.keys.flatMap((_, i) => {
        const value = ctx.analysis.secrets.get(`auth.${provider.name}.keys[${i}].key`);
        return value === undefined ? [] : [sq(value)];
      });
      out.push(
        `  http-request return status 401 content-type application/problem+json string ${sq(problemJson(401, 'Unauthorized', 'credentials are missing or not valid'))} unless { ${headerSample(provider.header)} -m str ${keys.join(' ')} }`,
      );
      if (!auth.forwardCredential) out.push(`  http-request del-header ${provider.header}`);
      break;
    }
  }
  for (const [header, claim] of Object.entries(auth.identityHeaders)) {
    if (claim !== 'name') {
      out.push(
        leftOut(
          ctx.findings.unsupported(
            `${at}.identityHeaders`,
            `identity header "${header}" from claim "${claim}"`,
          ),
          '  ',
        ),
      );
    } else if (provider.type === 'basic')
      out.push(`  http-request set-header ${header} %[http_auth_group(gw_${ident(provider.name)})]`);
  }
  return out;
}
