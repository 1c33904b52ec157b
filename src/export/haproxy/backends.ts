/**
 * One backend per route: its auth, CORS, rewrites and header edits as `http-request` rules, then
 * the route's upstream as servers with HAProxy's balancer (roundrobin with weights, leastconn,
 * random, random(2), hash on a header/cookie/parameter/source with `hash-type consistent`),
 * active checks (`option httpchk`), passive ejection (`observe layer7`), sticky cookies,
 * retries (`retry-on`) and timeouts. Gateway-made answers are `http-request return`.
 */
import { singleProvider } from '../shared/single-provider.js';
import type { ResolvedCors } from '../../config/resolved.js';
import { type ConfigAnalysis, type RouteNeeds, templatePath, type UpstreamNeeds } from '../analysis.js';
import { escapeRegex } from '../path-regex.js';
import { wholePathRewrite } from '../shared/regex-rewrite.js';
import { reportUnknown } from '../shared/unknown.js';
import { ident, leftOut, problemJson, seconds } from '../shared/text.js';
import type { FindingList } from '../types.js';
import { routeKey } from './conditions.js';
import { headerSample, sq } from './text.js';

const DENY = `http-request return status 401 content-type application/problem+json string ${sq(problemJson(401, 'Unauthorized', 'credentials are missing or not valid'))}`;

export interface BackendContext {
  readonly analysis: ConfigAnalysis;
  readonly findings: FindingList;
  /** Userlists (global) for Basic providers. */
  readonly userlists: Set<string>;
}

/** The backend section of one route. */
export function routeBackend(needs: RouteNeeds, ctx: BackendContext): string[] {
  const { findings } = ctx;
  const out: string[] = [`# route "${needs.route.name}" (${needs.at})`, `backend ${routeKey(needs)}`];
  if (needs.cors) out.push(...corsRules(needs.cors));
  const auth = authRules(needs, ctx);
  out.push(...auth);
  for (const message of reportUnknown(needs, findings, 'HAProxy')) out.push(leftOut(message, '  '));
  const action = needs.action;
  if (action.kind === 'none') {
    out.push(
      `  http-request return status 502 content-type application/problem+json string ${sq(problemJson(502, 'Bad Gateway', 'this route is left out of this HAProxy config'))}`,
    );
    return out;
  }
  // A route that always answers 401 (fail closed) needs nothing after it; its upstream's findings still count.
  if (auth.includes(`  ${DENY}`)) {
    const upstream = ctx.analysis.upstreams.find(
      (u) => action.kind === 'upstream' && !action.transform && u.upstream.name === action.upstream,
    );
    if (upstream) serverLines(needs, upstream, findings);
    return out;
  }
  if (action.kind === 'health') {
    out.push(
      `  http-request return status 200 content-type application/json string ${sq('{"status":"ok"}')}`,
    );
    return out;
  }
  if (action.kind === 'static') {
    const { 'content-type': type, ...rest } = action.headers;
    const hdrs = Object.entries(rest)
      .map(([n, v]) => ` hdr ${n} ${sq(v)}`)
      .join('');
    const body = action.body === '' ? '' : ` string ${sq(action.body)}`;
    out.push(
      `  http-request return status ${action.status}${type ? ` content-type ${sq(type)}` : ''}${body}${hdrs}`,
    );
    return out;
  }
  if (action.transform) {
    const what = action.transform === 'grpc' ? 'REST→gRPC transcoding' : 'REST→SOAP transcoding';
    out.push(
      leftOut(
        findings.unsupported(
          needs.at,
          `${what} (upstream "${action.upstream}") — HAProxy routes requests, it does not translate them`,
        ),
        '  ',
      ),
      `  http-request return status 502 content-type application/problem+json string ${sq(problemJson(502, 'Bad Gateway', `${what} is left out of this HAProxy config`))}`,
    );
    return out;
  }
  const upstream = ctx.analysis.upstreams.find((u) => u.upstream.name === action.upstream)!;
  out.push(...rewriteRules(needs, findings), ...headerRules(needs, upstream, ctx.analysis));
  out.push(...serverLines(needs, upstream, findings));
  return out;
}

function corsRules(cors: ResolvedCors): string[] {
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
    `  http-response set-header access-control-allow-origin ${sq(allow)} if { var(txn.gw_origin) -m found }`,
    ...(cors.credentials
      ? [
          '  http-response set-header access-control-allow-credentials true if { var(txn.gw_origin) -m found }',
        ]
      : []),
    ...(allow === '*' ? [] : ['  http-response add-header vary Origin if { var(txn.gw_origin) -m found }']),
    ...(cors.exposeHeaders.length > 0
      ? [
          `  http-response set-header access-control-expose-headers ${sq(cors.exposeHeaders.join(', '))} if { var(txn.gw_origin) -m found }`,
        ]
      : []),
  ];
}

function authRules(needs: RouteNeeds, ctx: BackendContext): string[] {
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

function rewriteRules(needs: RouteNeeds, findings: FindingList): string[] {
  const r = needs.rewrite;
  const out: string[] = [];
  switch (r.kind) {
    case 'strip-prefix': {
      const prefix = escapeRegex(r.prefix.replace(/\/$/, ''));
      out.push(
        `  http-request replace-path ${sq(`^${prefix}$`)} /`,
        `  http-request replace-path ${sq(`^${prefix}(/.*)$`)} '\\1'`,
      );
      break;
    }
    case 'replace-prefix': {
      const from = escapeRegex(r.from.replace(/\/$/, ''));
      out.push(`  http-request replace-path ${sq(`^${from}(/.*)?$`)} ${sq(`${r.to.replace(/\/$/, '')}\\1`)}`);
      break;
    }
    case 'regex': {
      if (r.global) {
        findings.unsupported(
          `${needs.at}.rewrite.regex`,
          'a regex rewrite with the g flag (every match replaced)',
        );
        break;
      }
      if (/\$<\w+>|\$[&`']/.test(r.replacement)) {
        findings.unsupported(
          `${needs.at}.rewrite.regex`,
          "a replacement with $<name>, $&, $` or $' — use numbered groups ($1)",
        );
        break;
      }
      const whole = wholePathRewrite(r.pattern, r.replacement, (n) => `\\${n}`);
      out.push(
        `  http-request replace-path ${sq(`${r.caseInsensitive ? '(?i)' : ''}${whole.regex}`)} ${sq(whole.replacement)}`,
      );
      break;
    }
    case 'template':
      if (needs.path.ok) {
        const p = needs.path.path;
        // Matched on the path as received: replace-path sees it before decoding.
        out.push(
          `  http-request replace-path ${sq(`${p.caseInsensitive ? '(?i)' : ''}${p.regex}`)} ${sq(templatePath(r, (n) => `\\${n}`))}`,
        );
      }
      break;
    case 'none':
      break;
  }
  const query = needs.route.rewrite?.query;
  if (query && (Object.keys(query.set).length > 0 || query.remove.length > 0)) {
    for (const name of [...query.remove, ...Object.keys(query.set)]) {
      const p = escapeRegex(name);
      // Drop the parameter wherever it stands, then append the set ones.
      out.push(`  http-request set-query %[query,'regsub("(^|&)${p}(=[^&]*)?","")']`);
      out.push(`  http-request set-query %[query,'regsub("^&","")']`);
    }
    const added = Object.entries(query.set)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&');
    if (added) {
      out.push(`  http-request set-query ${sq(added)} if { query -m len 0 } || !{ query -m found }`);
      out.push(`  http-request set-query %[query]&${added} unless { query -m end ${sq(added)} }`);
    }
  }
  return out;
}

function headerRules(needs: RouteNeeds, upstream: UpstreamNeeds, analysis: ConfigAnalysis): string[] {
  const out: string[] = [];
  for (const name of analysis.identityHeaders)
    if (!(name in (needs.auth?.identityHeaders ?? {}))) out.push(`  http-request del-header ${name}`);
  for (const name of needs.route.rewrite?.headers.remove ?? []) out.push(`  http-request del-header ${name}`);
  for (const [name, value] of Object.entries(needs.route.rewrite?.headers.set ?? {}))
    out.push(`  http-request set-header ${name} ${sq(value)}`);
  out.push(
    '  http-request set-header x-forwarded-proto http',
    '  http-request set-header x-forwarded-host %[req.hdr(host)]',
  );
  if (upstream.upstream.changeOrigin) {
    const hosts = new Set(upstream.upstream.targets.map((t) => new URL(t.url).host));
    if (hosts.size === 1) out.push(`  http-request set-header host ${[...hosts][0]}`);
  }
  return out;
}

function serverLines(needs: RouteNeeds, upstreamNeeds: UpstreamNeeds, findings: FindingList): string[] {
  const up = upstreamNeeds.upstream;
  const out: string[] = ['  option forwardfor'];
  const b = up.balancer;
  const key = b.key;
  const balance: Record<string, string> = {
    'round-robin': 'roundrobin',
    'weighted-round-robin': 'roundrobin',
    'least-connections': 'leastconn',
    random: 'random',
    'power-of-two-choices': 'random(2)',
    'consistent-hash':
      key === undefined || key === 'ip'
        ? 'source'
        : 'header' in key
          ? `hdr(${key.header})`
          : 'cookie' in key
            ? `hash req.cook(${key.cookie})`
            : `url_param ${key.query}`,
  };
  out.push(`  balance ${balance[b.type] ?? 'roundrobin'}`);
  if (b.type === 'consistent-hash') out.push('  hash-type consistent');
  if (b.stickyCookie) out.push(`  cookie ${b.stickyCookie} insert indirect nocache`);
  const active = up.health.active;
  if (active) {
    out.push(`  option httpchk GET ${active.path}`);
    out.push(
      active.expectedStatus.length > 0
        ? `  http-check expect status ${active.expectedStatus.join(',')}`
        : '  http-check expect rstatus ^2',
    );
  }
  const timeout = needs.route.timeout ?? up.timeouts.response;
  out.push(`  timeout connect ${seconds(up.timeouts.connect)}`, `  timeout server ${seconds(timeout)}`);
  if (needs.route.websocket) out.push('  timeout tunnel 1h');
  if (up.retries.attempts > 0) {
    const statuses = up.retries.statuses.filter((s) =>
      [401, 403, 404, 408, 425, 500, 501, 502, 503, 504].includes(s),
    );
    out.push(
      `  retries ${up.retries.attempts}`,
      `  retry-on conn-failure empty-response response-timeout ${statuses.join(' ')}`.trimEnd(),
      '  option redispatch 1',
    );
  } else out.push('  retries 0');
  if (upstreamNeeds.scheme === 'mixed')
    findings.unsupported(upstreamNeeds.at, 'targets mix http:// and https://');
  if (upstreamNeeds.basePath)
    findings.unsupported(upstreamNeeds.at, `targets with a path ("${upstreamNeeds.basePath}")`);
  const maxconn = Number.isFinite(up.limits.maxConcurrent)
    ? Math.max(1, Math.ceil(up.limits.maxConcurrent / up.targets.length))
    : undefined;
  if (maxconn)
    findings.approximate(
      `${upstreamNeeds.at}.limits`,
      `maxConcurrent ${up.limits.maxConcurrent} is split per server (maxconn ${maxconn}); excess requests wait in HAProxy's queue`,
    );
  const passive = up.health.passive;
  upstreamNeeds.servers.forEach((server, i) => {
    const params = [
      `weight ${server.weight}`,
      active
        ? `check inter ${seconds(active.interval)} rise ${active.healthyThreshold} fall ${active.unhealthyThreshold}`
        : passive
          ? 'check'
          : '',
      passive ? `observe layer7 error-limit ${passive.consecutiveFailures} on-error mark-down` : '',
      // Without an active probe, `check` with an ejection time only retries the server after that long.
      passive && !active ? `inter ${seconds(passive.baseEjection)}` : '',
      b.stickyCookie ? `cookie s${i}` : '',
      maxconn ? `maxconn ${maxconn}` : '',
      upstreamNeeds.scheme === 'https'
        ? `ssl verify ${up.tlsInsecure ? 'none' : 'required ca-file @system-ca'}`
        : '',
    ].filter(Boolean);
    out.push(`  server s${i} ${server.address} ${params.join(' ')}`);
  });
  return out;
}
