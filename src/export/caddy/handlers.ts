/**
 * What runs inside a route's `handle` (in a nested `route`, so in the order written): CORS,
 * auth (`basicauth`, an API-key check, `forward_auth`), faults, response header edits, rewrites
 * (`uri`, `rewrite`), request header edits (`request_header`), then `reverse_proxy` (proxy.ts;
 * one per side of a split) — or `respond`/`redir` for the gateway's own answers and mocks.
 */
import { singleProvider } from '../shared/single-provider.js';
import type { ResolvedCors } from '../../config/resolved.js';
import { type ConfigAnalysis, type RouteNeeds, templatePath } from '../analysis.js';
import { escapeRegex } from '../path-regex.js';
import { wholePathRewrite } from '../shared/regex-rewrite.js';
import { reportUnknown } from '../shared/unknown.js';
import { leftOut, problemJson } from '../shared/text.js';
import type { FindingList } from '../types.js';
import { faultLines } from './fault.js';
import { routeKey } from './matchers.js';
import { mockLines } from './mock.js';
import { proxyLines } from './proxy.js';
import { redirectLines } from './redirect.js';
import { responseHeaderLines } from './response-headers.js';
import { splitLines } from './split.js';
import { stockGapLines } from './stock-gaps.js';
import { dq, headerPlaceholder, literal } from './text.js';

const DENY = [
  'header Content-Type application/problem+json',
  `respond ${literal(problemJson(401, 'Unauthorized', 'credentials are missing or not valid'))} 401`,
];

export interface HandlerContext {
  readonly analysis: ConfigAnalysis;
  readonly findings: FindingList;
  /** Site-level named matchers the handlers refer to. */
  readonly matchers: string[];
  /** The site's scheme: what a redirect keeps when it does not change it. */
  readonly scheme: 'http' | 'https';
  /** The config's folder (file names in messages are relative to it). */
  readonly dir: string;
}

/** The route keys this exporter translates itself (the shared safety net reports the rest). */
const EXPORTED = new Set(['redirect', 'split', 'mirror', 'rateLimit', 'responseHeaders', 'fault', 'mock']);

/** The lines inside `handle @rN { route { … } }`. */
export function routeHandlers(needs: RouteNeeds, ctx: HandlerContext): string[] {
  const out: string[] = [];
  const route = needs.route;
  if (needs.cors) out.push(...corsLines(needs, needs.cors, ctx));
  // Identity headers only ever come from the gateway: a client's copies go before auth sets its own.
  for (const name of ctx.analysis.identityHeaders) out.push(`request_header -${name}`);
  const auth = authLines(needs, ctx);
  out.push(...auth);
  for (const message of reportUnknown(needs, ctx.findings, 'Caddy', EXPORTED)) out.push(leftOut(message, ''));
  const action = needs.action;
  // A route that always answers 401 (fail closed) needs nothing after it; its upstream's findings still count.
  if (auth.includes(DENY[1]!)) {
    const upstream = ctx.analysis.upstreams.find(
      (u) => action.kind === 'upstream' && !action.transform && u.upstream.name === action.upstream,
    );
    if (upstream) proxyLines(needs, upstream, ctx.findings);
    return out;
  }
  // As gateway: rate limit, then faults (their answers skip the response header edits), then the action.
  out.push(...stockGapLines(needs, ctx.findings));
  if (route.fault) out.push(...faultLines(needs, route.fault, ctx.findings, ctx.matchers));
  out.push(...responseHeaderLines(route.responseHeaders));
  if (route.redirect) return [...out, ...redirectLines(needs, route.redirect, ctx.scheme, ctx.findings)];
  if (route.mock) return [...out, ...mockLines(needs, route.mock, ctx.dir, ctx.findings)];
  if (action.kind === 'none' && !route.split) {
    return [
      ...out,
      'header Content-Type application/problem+json',
      `respond ${literal(problemJson(502, 'Bad Gateway', 'this route is left out of this Caddyfile'))} 502`,
    ];
  }
  if (action.kind === 'health')
    return [...out, 'header Content-Type application/json', `respond ${literal('{"status":"ok"}')} 200`];
  if (action.kind === 'static') {
    for (const [name, value] of Object.entries(action.headers)) out.push(`header ${name} ${literal(value)}`);
    return [...out, `respond ${literal(action.body)} ${action.status}`];
  }
  if (action.kind === 'upstream' && action.transform) {
    const what = action.transform === 'grpc' ? 'REST→gRPC transcoding' : 'REST→SOAP transcoding';
    return [
      ...out,
      leftOut(
        ctx.findings.unsupported(
          needs.at,
          `${what} (upstream "${action.upstream}") — Caddy routes requests, it does not translate them`,
        ),
        '',
      ),
      'header Content-Type application/problem+json',
      `respond ${literal(problemJson(502, 'Bad Gateway', `${what} is left out of this Caddyfile`))} 502`,
    ];
  }
  out.push(...rewriteLines(needs, ctx));
  for (const name of route.rewrite?.headers.remove ?? []) out.push(`request_header -${name}`);
  for (const [name, value] of Object.entries(route.rewrite?.headers.set ?? {}))
    out.push(`request_header ${name} ${literal(value)}`);
  if (route.split) return [...out, ...splitLines(needs, route.split, ctx)];
  const upstream = ctx.analysis.upstreams.find(
    (u) => action.kind === 'upstream' && u.upstream.name === action.upstream,
  )!;
  return [...out, ...proxyLines(needs, upstream, ctx.findings)];
}

function corsLines(needs: RouteNeeds, cors: ResolvedCors, ctx: HandlerContext): string[] {
  const key = routeKey(needs);
  const origin =
    cors.origins === '*'
      ? 'header Origin *'
      : `header_regexp Origin ${dq((cors.origins as readonly (string | RegExp)[]).map((o) => (typeof o === 'string' ? `^${escapeRegex(o)}$` : o.source)).join('|'))}`;
  ctx.matchers.push(`@${key}_cors ${origin}`);
  ctx.matchers.push(
    `@${key}_preflight {`,
    `  ${origin}`,
    '  method OPTIONS',
    '  header Access-Control-Request-Method *',
    '}',
  );
  ctx.matchers.push(
    `@${key}_preflight_denied {`,
    '  header Origin *',
    `  not ${origin}`,
    '  method OPTIONS',
    '  header Access-Control-Request-Method *',
    '}',
  );
  const allow = cors.origins === '*' && !cors.credentials ? '*' : headerPlaceholder('Origin');
  return [
    `header @${key}_cors Access-Control-Allow-Origin ${dq(allow)}`,
    ...(cors.credentials ? [`header @${key}_cors Access-Control-Allow-Credentials true`] : []),
    ...(allow === '*' ? [] : [`header @${key}_cors +Vary Origin`]),
    ...(cors.exposeHeaders.length > 0
      ? [`header @${key}_cors Access-Control-Expose-Headers ${dq(cors.exposeHeaders.join(', '))}`]
      : []),
    `header @${key}_preflight Access-Control-Allow-Methods ${dq(cors.methods.join(', '))}`,
    `header @${key}_preflight Access-Control-Allow-Headers ${dq(cors.headers ? cors.headers.join(', ') : headerPlaceholder('Access-Control-Request-Headers'))}`,
    `header @${key}_preflight Access-Control-Max-Age ${cors.maxAgeSeconds}`,
    `respond @${key}_preflight 204`,
    `respond @${key}_preflight_denied 403`,
  ];
}

function authLines(needs: RouteNeeds, ctx: HandlerContext): string[] {
  const auth = needs.auth;
  if (!auth) return [];
  const at = `${needs.at}.auth`;
  const deny = (message: string) => [leftOut(ctx.findings.unsupported(at, message), ''), ...DENY];
  const single = singleProvider(auth);
  if (!single.ok) return deny(single.problem);
  const provider = single.provider;
  const out: string[] = [];
  switch (provider.type) {
    case 'jwt':
      return deny(
        `JWT ("${provider.name}"): stock Caddy has no JWT validation (it needs a plugin) — this route answers 401 (fail closed)`,
      );
    case 'basic': {
      const users = provider.users.flatMap((user, i) => {
        const at = `auth.${provider.name}.users[${i}].hash`;
        const hash = ctx.analysis.secrets.get(at);
        if (hash === undefined) return [];
        if (!/^\$2[aby]\$/.test(hash)) {
          ctx.findings.unsupported(
            at,
            `user "${user.name}": Caddy's basicauth checks bcrypt, not scrypt — hash it with \`caddy hash-password\``,
          );
          return [];
        }
        // Caddy 2.6 reads the bcrypt hash base64-encoded.
        return [`  ${user.name} ${Buffer.from(hash).toString('base64')}`];
      });
      out.push(`basicauth bcrypt ${dq(provider.realm)} {`, ...users, '}');
      if (!auth.forwardCredential) out.push('request_header -Authorization');
      break;
    }
    case 'api-key': {
      if (provider.query || !provider.header)
        return deny(`API key in the query ("${provider.query}") — read it from a header instead`);
      const keys = provider.keys.flatMap((_, i) => {
        const value = ctx.analysis.secrets.get(`auth.${provider.name}.keys[${i}].key`);
        return value === undefined ? [] : [`^${escapeRegex(value)}$`];
      });
      const key = routeKey(needs);
      ctx.matchers.push(`@${key}_nokey not header_regexp ${provider.header} ${dq(keys.join('|') || '^$')}`);
      out.push(
        `header @${key}_nokey Content-Type application/problem+json`,
        `respond @${key}_nokey ${literal(problemJson(401, 'Unauthorized', 'credentials are missing or not valid'))} 401`,
      );
      if (!auth.forwardCredential) out.push(`request_header -${provider.header}`);
      break;
    }
    case 'forward': {
      const url = new URL(provider.url);
      out.push(
        `forward_auth ${url.host} {`,
        `  uri ${url.pathname}${url.search}`,
        ...(provider.responseHeaders.length > 0
          ? [`  copy_headers ${provider.responseHeaders.join(' ')}`]
          : []),
        '}',
      );
      if (!auth.forwardCredential)
        for (const name of provider.requestHeaders) out.push(`request_header -${name}`);
      break;
    }
  }
  for (const [header, claim] of Object.entries(auth.identityHeaders)) {
    if (claim !== 'name')
      out.push(
        leftOut(
          ctx.findings.unsupported(
            `${at}.identityHeaders`,
            `identity header "${header}" from claim "${claim}"`,
          ),
          '',
        ),
      );
    else if (provider.type === 'basic') out.push(`request_header ${header} {http.auth.user.id}`);
  }
  return out;
}

function rewriteLines(needs: RouteNeeds, ctx: HandlerContext): string[] {
  const r = needs.rewrite;
  const out: string[] = [];
  // Go's regexp replacement ${1} (a bare $1x would read group "1x"), braces escaped from Caddy's placeholders.
  const ref = (n: number) => `$\\{${n}\\}`;
  switch (r.kind) {
    case 'strip-prefix':
      out.push(`uri strip_prefix ${r.prefix.replace(/\/$/, '')}`);
      break;
    case 'replace-prefix':
      out.push(
        `uri path_regexp ${dq(`^${escapeRegex(r.from.replace(/\/$/, ''))}(/.*)?$`)} ${dq(`${r.to.replace(/\/$/, '')}${ref(1)}`)}`,
      );
      break;
    case 'regex': {
      if (r.global) {
        ctx.findings.unsupported(
          `${needs.at}.rewrite.regex`,
          'a regex rewrite with the g flag (every match replaced)',
        );
        break;
      }
      if (/\$<\w+>|\$[&`']/.test(r.replacement)) {
        ctx.findings.unsupported(
          `${needs.at}.rewrite.regex`,
          "a replacement with $<name>, $&, $` or $' — use numbered groups ($1)",
        );
        break;
      }
      const whole = wholePathRewrite(r.pattern, r.replacement, ref);
      out.push(
        `uri path_regexp ${dq(`${r.caseInsensitive ? '(?i)' : ''}${whole.regex}`)} ${dq(whole.replacement)}`,
      );
      break;
    }
    case 'template':
      if (needs.path.ok) {
        const p = needs.path.path;
        out.push(
          `uri path_regexp ${dq(`${p.caseInsensitive ? '(?i)' : ''}${p.regex}`)} ${dq(templatePath(r, ref))}`,
        );
      }
      break;
    case 'none':
      break;
  }
  const query = needs.route.rewrite?.query;
  if (query && (Object.keys(query.set).length > 0 || query.remove.length > 0)) {
    const key = routeKey(needs);
    const added = Object.entries(query.set)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&');
    if (query.remove.length > 0 || added) {
      ctx.findings.approximate(
        `${needs.at}.rewrite.query`,
        'query edits: Caddy 2.6 can append parameters but not drop one the request already has',
      );
    }
    if (added) {
      ctx.matchers.push(
        `@${key}_noquery vars_regexp query {http.request.uri.query} "^$"`,
        `@${key}_query vars_regexp query {http.request.uri.query} "."`,
      );
      // In this order: after the first rewrite the query is never empty, so only one applies.
      out.push(
        `rewrite @${key}_query ${dq(`{http.request.uri.path}?{http.request.uri.query}&${added}`)}`,
        `rewrite @${key}_noquery ${dq(`{http.request.uri.path}?${added}`)}`,
      );
    }
  }
  return out;
}
