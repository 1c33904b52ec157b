/**
 * The one analysis every exporter shares: what each route needs (path kind, conditions,
 * rewrite, answer, auth) and each upstream (targets, balancer, health, retries), computed once
 * from the resolved config. Exporters only translate this; none re-reads the config's shape.
 */
import type {
  ResolvedAuthProvider,
  ResolvedConfig,
  ResolvedCors,
  ResolvedRoute,
  ResolvedUpstream,
} from '../config/resolved.js';
import { readFile } from 'node:fs/promises';
import { resolveSecret } from '../pipeline/auth/secrets.js';
import { analyzeBytePrefix, analyzePath, type PathResult } from './path-regex.js';
import { unknownFeatures } from './shared/unknown.js';

/** How the upstream path is made from the request's. */
export type RewriteNeeds =
  | { readonly kind: 'none' }
  | { readonly kind: 'strip-prefix'; readonly prefix: string }
  | { readonly kind: 'replace-prefix'; readonly from: string; readonly to: string }
  | {
      readonly kind: 'regex';
      readonly pattern: string;
      readonly caseInsensitive: boolean;
      /** `g`: every match is replaced, which no engine's whole-path rewrite can do. */
      readonly global: boolean;
      readonly replacement: string;
    }
  /** `path` with `:param`s: `to` uses `$1`… for the path regex's captures. */
  | { readonly kind: 'template'; readonly path: string; readonly params: readonly string[] };

/** What answers the route. */
export type ActionNeeds =
  | { readonly kind: 'upstream'; readonly upstream: string; readonly transform: 'grpc' | 'soap' | undefined }
  | { readonly kind: 'health' }
  /** Neither an upstream nor an answer this analysis knows (a feature added later): see `unknown`. */
  | { readonly kind: 'none' }
  | {
      readonly kind: 'static';
      readonly status: number;
      readonly body: string;
      readonly headers: Readonly<Record<string, string>>;
    };

/** The route's auth with its providers looked up (and their secrets read, for keys and hashes). */
export interface AuthNeeds {
  readonly providers: readonly ResolvedAuthProvider[];
  readonly scopes: readonly string[];
  readonly roles: readonly string[];
  readonly forwardCredential: boolean;
  readonly identityHeaders: Readonly<Record<string, string>>;
}

export interface RouteNeeds {
  readonly route: ResolvedRoute;
  /** Key path of the route in the config: `routes[3]`. */
  readonly at: string;
  /** Evaluation position (priority, then declared order): what first-match means. */
  readonly rank: number;
  readonly path: PathResult;
  readonly rewrite: RewriteNeeds;
  readonly action: ActionNeeds;
  readonly auth: AuthNeeds | undefined;
  /** `undefined`: no CORS for this route. */
  readonly cors: ResolvedCors | undefined;
  /** Set features no exporter knows yet (`redirect`, `match.clientIp`): each is a finding. */
  readonly unknown: readonly string[];
}

export interface UpstreamNeeds {
  readonly upstream: ResolvedUpstream;
  /** `upstreams.users`. */
  readonly at: string;
  /** `http` or `https` (`mixed` when targets disagree). */
  readonly scheme: 'http' | 'https' | 'mixed';
  /** `host:port` with weight, in order. */
  readonly servers: readonly { readonly address: string; readonly weight: number }[];
  /** A path every target URL carries (`/inventory`), `''` when none. */
  readonly basePath: string;
}

export interface ConfigAnalysis {
  /** Routes in evaluation order. */
  readonly routes: readonly RouteNeeds[];
  readonly upstreams: readonly UpstreamNeeds[];
  /** Secret values by key path (`auth.apiKey.keys[0].key`), for exporters that must write them. */
  readonly secrets: ReadonlyMap<string, string>;
  /** Headers carrying identity upstream: client-sent copies are removed from every request. */
  readonly identityHeaders: readonly string[];
}

/** Analyses a resolved config once; secrets are read with `env` and the config's folder. */
export async function analyzeConfig(
  config: ResolvedConfig,
  options: { readonly env: NodeJS.ProcessEnv },
): Promise<ConfigAnalysis> {
  const order = [...config.routes].sort((a, b) => b.priority - a.priority || a.index - b.index);
  const routes = order.map((route, rank) => analyzeRoute(config, route, rank));
  const upstreams = Object.values(config.upstreams).map(analyzeUpstream);
  const secrets = new Map<string, string>();
  const io = {
    env: options.env,
    dir: config.dir,
    readFile: (path: string) => readFile(path, 'utf8'),
    dependsOn: () => {},
    fetch: globalThis.fetch,
    jwksCooldown: 0,
  };
  for (const provider of Object.values(config.auth)) {
    const base = `auth.${provider.name}`;
    const list =
      provider.type === 'api-key'
        ? provider.keys.map((k, i) => [`${base}.keys[${i}].key`, k.key] as const)
        : provider.type === 'basic'
          ? provider.users.map((u, i) => [`${base}.users[${i}].hash`, u.hash] as const)
          : [];
    for (const [at, secret] of list) {
      const read = await resolveSecret(secret, at, io);
      if (read.ok) secrets.set(at, read.value);
    }
  }
  const identity = new Set<string>();
  for (const route of config.routes)
    for (const name of Object.keys(route.auth?.identityHeaders ?? {})) identity.add(name);
  for (const provider of Object.values(config.auth))
    if (provider.type === 'forward')
      for (const name of provider.responseHeaders) identity.add(name.toLowerCase());
  return { routes, upstreams, secrets, identityHeaders: [...identity] };
}

function analyzeRoute(config: ResolvedConfig, route: ResolvedRoute, rank: number): RouteNeeds {
  const path =
    route.match.prefix !== undefined
      ? analyzeBytePrefix(route.match.prefix, route.match.caseInsensitive)
      : analyzePath(route.match.path, route.match.caseInsensitive);
  const auth = route.auth
    ? {
        providers: route.auth.providers.flatMap((name) => (config.auth[name] ? [config.auth[name]] : [])),
        scopes: route.auth.scopes,
        roles: route.auth.roles,
        forwardCredential: route.auth.forwardCredential,
        identityHeaders: route.auth.identityHeaders,
      }
    : undefined;
  const cors = route.cors === false ? undefined : (route.cors ?? config.server.cors);
  return {
    route,
    at: `routes[${route.index}]`,
    rank,
    path,
    rewrite: rewriteNeeds(route, path),
    action: actionNeeds(config, route),
    auth,
    cors,
    unknown: unknownFeatures(route),
  };
}

function rewriteNeeds(route: ResolvedRoute, path: PathResult): RewriteNeeds {
  const rewrite = route.rewrite;
  if (rewrite?.stripPrefix) return { kind: 'strip-prefix', prefix: rewrite.stripPrefix };
  if (rewrite?.replacePrefix) return { kind: 'replace-prefix', ...rewrite.replacePrefix };
  if (rewrite?.regex) {
    return {
      kind: 'regex',
      pattern: rewrite.regex.pattern.source,
      caseInsensitive: rewrite.regex.pattern.flags.includes('i'),
      global: rewrite.regex.pattern.flags.includes('g'),
      replacement: rewrite.regex.replacement,
    };
  }
  if (rewrite?.path) return { kind: 'template', path: rewrite.path, params: path.ok ? path.path.params : [] };
  return { kind: 'none' };
}

function actionNeeds(config: ResolvedConfig, route: ResolvedRoute): ActionNeeds {
  const respond = route.respond;
  if (respond?.kind === 'health') return { kind: 'health' };
  if (respond?.kind === 'static') {
    const json = respond.json !== undefined;
    return {
      kind: 'static',
      status: respond.status,
      body: respond.body ?? (json ? JSON.stringify(respond.json) : ''),
      headers: { ...(json ? { 'content-type': 'application/json' } : {}), ...respond.headers },
    };
  }
  if (route.upstream === undefined || !config.upstreams[route.upstream]) return { kind: 'none' };
  const upstream = config.upstreams[route.upstream];
  const transform =
    route.grpc || upstream?.protocol === 'grpc'
      ? 'grpc'
      : route.soap || upstream?.protocol === 'soap'
        ? 'soap'
        : undefined;
  return { kind: 'upstream', upstream: route.upstream, transform };
}

function analyzeUpstream(upstream: ResolvedUpstream): UpstreamNeeds {
  const urls = upstream.targets.map((t) => new URL(t.url));
  const schemes = new Set(
    urls.map((u) => (u.protocol === 'https:' || u.protocol === 'grpcs:' ? 'https' : 'http')),
  );
  const paths = new Set(urls.map((u) => u.pathname.replace(/\/$/, '')));
  return {
    upstream,
    at: `upstreams.${upstream.name}`,
    scheme: schemes.size > 1 ? 'mixed' : ([...schemes][0] as 'http' | 'https'),
    servers: upstream.targets.map((t) => ({ address: t.id, weight: t.weight })),
    basePath: paths.size === 1 ? [...paths][0]! : '',
  };
}

/** The path a template rewrite produces, with each `:param` replaced by `ref(index)`. */
export function templatePath(
  rewrite: Extract<RewriteNeeds, { kind: 'template' }>,
  ref: (index: number) => string,
): string {
  return rewrite.path.replace(/\/\*\*|:([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name: string | undefined) => {
    const i = rewrite.params.indexOf(name ?? '**');
    if (i === -1) return whole;
    return name === undefined ? `/${ref(i + 1)}` : ref(i + 1);
  });
}
