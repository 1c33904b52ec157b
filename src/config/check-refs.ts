/**
 * Checks that need more than one key to see: names that refer to other parts of the config,
 * settings that only make sense together, regexes and URLs written as strings. All problems are
 * reported at once, each at the key the user has to change.
 */
import type { z } from 'zod';
import { checkFault, checkMock } from './check-policies.js';
import { type ConfigIssue, formatKeyPath } from './issues.js';
import type { configSchema, QueryMatch, RouteAuthConfig } from './schema/index.js';
import { ROUTE_ACTION_KEYS, type RouteActionKey } from './schema/route.js';
import { didYouMean } from './suggest.js';
import { checkMatch, checkMirror, checkRedirect, checkSplit } from './check-route-table.js';
import { compileRegexData, targetAddress } from './values.js';

/** The config after the schema accepted it. */
export type ParsedConfig = z.output<typeof configSchema>;
export type Route = ParsedConfig['routes'][number];
export type Path = readonly PropertyKey[];
export type Report = (path: Path, message: string) => void;

/** Every cross-reference problem in a config the schema accepted; `[]` when there is none. */
export function checkReferences(config: ParsedConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const report: Report = (path, message) => issues.push({ path: formatKeyPath(path), message });
  checkUpstreams(config, report);
  checkProviders(config, report);
  if (config.defaults?.auth !== undefined)
    checkRouteAuth(config.defaults.auth, ['defaults', 'auth'], config, report);
  checkCors(config.server?.cors, ['server', 'cors'], report);
  checkFault(config.defaults?.fault, ['defaults', 'fault'], report);
  const names = new Map<string, number>();
  config.routes.forEach((route, index) => {
    const first = names.get(route.name);
    if (first === undefined) names.set(route.name, index);
    else
      report(
        ['routes', index, 'name'],
        `${JSON.stringify(route.name)} is already the name of routes[${first}] — route names must be unique`,
      );
    checkRoute(route, ['routes', index], config, report);
  });
  return issues;
}

function checkUpstreams(config: ParsedConfig, report: Report): void {
  for (const [name, upstream] of Object.entries(config.upstreams ?? {})) {
    const base = ['upstreams', name];
    if (typeof upstream === 'string') {
      checkTarget(upstream, 'http', [...base], report);
      continue;
    }
    const protocol = upstream.protocol ?? 'http';
    const seen = new Map<string, number>();
    upstream.targets.forEach((target, index) => {
      const url = typeof target === 'string' ? target : target.url;
      const path =
        typeof target === 'string' ? [...base, 'targets', index] : [...base, 'targets', index, 'url'];
      const address = checkTarget(url, protocol, path, report);
      if (address === undefined) return;
      const first = seen.get(address);
      if (first === undefined) seen.set(address, index);
      else report(path, `${address} is already targets[${first}] — each target needs its own host:port`);
    });
    for (const block of ['grpc', 'soap'] as const) {
      if (protocol === block && upstream[block] === undefined) {
        const example =
          block === 'grpc' ? "grpc: { protos: ['./product.proto'] }" : "soap: { wsdl: './inventory.wsdl' }";
        report([...base], `protocol "${block}" needs a "${block}" block, e.g. ${example}`);
      } else if (protocol !== block && upstream[block] !== undefined) {
        report(
          [...base, block],
          `only used with protocol: "${block}" — set protocol: "${block}" or remove this block`,
        );
      }
    }
    const balancer = upstream.balancer;
    if (typeof balancer === 'object' && balancer.key !== undefined && balancer.type !== 'consistent-hash') {
      report([...base, 'balancer', 'key'], `only used by type "consistent-hash", not "${balancer.type}"`);
    }
  }
}

/** Returns the target's `host:port` when its URL is usable for the protocol. */
function checkTarget(url: string, protocol: string, path: Path, report: Report): string | undefined {
  const schemes = protocol === 'grpc' ? ['grpc:', 'http:', 'https:'] : ['http:', 'https:'];
  const address = targetAddress(url);
  if (address === undefined) {
    report(path, `${JSON.stringify(url)} is not a URL — expected e.g. "${schemes[0]}//127.0.0.1:4001"`);
    return undefined;
  }
  if (!schemes.includes(address.protocol)) {
    const allowed = schemes.map((scheme) => `${scheme}//`).join(' or ');
    report(
      path,
      `${JSON.stringify(url)}: targets of ${protocol === 'http' ? 'an' : 'a'} ${protocol} upstream start with ${allowed}`,
    );
    return undefined;
  }
  return address.id;
}

function checkProviders(config: ParsedConfig, report: Report): void {
  for (const [name, provider] of Object.entries(config.auth ?? {})) {
    if (provider.type !== 'jwt') continue;
    const base = ['auth', name];
    const hmac = provider.algorithms.filter((alg) => alg.startsWith('HS'));
    const asymmetric = provider.algorithms.filter((alg) => !alg.startsWith('HS'));
    const sources = (['secret', 'publicKey', 'jwks'] as const).filter((key) => provider[key] !== undefined);
    if (hmac.length > 0 && asymmetric.length > 0) {
      report(
        [...base, 'algorithms'],
        `mixes HMAC (${hmac.join(', ')}) and public-key (${asymmetric.join(', ')}) algorithms — use two providers`,
      );
    } else if (sources.length === 0) {
      report(
        base,
        hmac.length > 0
          ? `${hmac[0]} needs a "secret", e.g. secret: { env: 'JWT_SECRET' }`
          : `${asymmetric[0]} needs "publicKey" (a PEM file) or "jwks" (a file or URL)`,
      );
    } else if (sources.length > 1) {
      report([...base, sources[1]!], `give one key source, not both "${sources[0]}" and "${sources[1]}"`);
    } else if (hmac.length > 0 && sources[0] !== 'secret') {
      report([...base, sources[0]!], `${hmac[0]} verifies with a "secret", not "${sources[0]}"`);
    } else if (asymmetric.length > 0 && sources[0] === 'secret') {
      report(
        [...base, 'secret'],
        `a secret only verifies HS* algorithms; ${asymmetric[0]} needs "publicKey" or "jwks"`,
      );
    }
  }
}

function checkRoute(route: Route, base: Path, config: ParsedConfig, report: Report): void {
  const upstreams = config.upstreams ?? {};
  checkFault(route.fault, [...base, 'fault'], report);
  checkMock(route.mock, [...base, 'mock'], report);
  const actions = Object.keys(ROUTE_ACTION_KEYS).filter((key) => route[key as RouteActionKey] !== undefined);
  if (actions.length > 1) {
    report(base, `give one of ${actions.map((key) => `"${key}"`).join(', ')}, not ${actions.length}`);
  } else if (actions.length === 0) {
    const choices = Object.entries(ROUTE_ACTION_KEYS).map(([key, what]) => `"${key}" (${what})`);
    report(base, `missing ${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`);
  }
  let protocol: string | undefined;
  if (Array.isArray(route.upstream)) checkSplit(route, base, config, report);
  else if (route.pin !== undefined)
    report([...base, 'pin'], 'only used by a traffic split — give "upstream" as a list of { name, weight }');
  if (typeof route.upstream === 'string') {
    const upstream = upstreams[route.upstream];
    if (upstream === undefined) {
      const hint = didYouMean(route.upstream, Object.keys(upstreams));
      report(
        [...base, 'upstream'],
        `${JSON.stringify(route.upstream)} is not defined${hint || ' in "upstreams"'}`,
      );
    } else {
      protocol = typeof upstream === 'string' ? 'http' : (upstream.protocol ?? 'http');
    }
  }
  if (route.grpc !== undefined && protocol !== undefined && protocol !== 'grpc') {
    report(
      [...base, 'grpc'],
      `upstream "${route.upstream}" speaks ${protocol}; "grpc" is only for gRPC upstreams`,
    );
  }
  if (route.grpcWeb === true && protocol !== undefined && protocol !== 'grpc') {
    report(
      [...base, 'grpcWeb'],
      `upstream "${route.upstream}" speaks ${protocol}; gRPC-Web needs a gRPC upstream (protocol: 'grpc')`,
    );
  }
  if (route.soap !== undefined && protocol !== undefined && protocol !== 'soap') {
    report(
      [...base, 'soap'],
      `upstream "${route.upstream}" speaks ${protocol}; "soap" is only for SOAP upstreams`,
    );
  }
  if (protocol === 'soap' && route.soap === undefined) {
    report(
      base,
      `upstream "${route.upstream}" is SOAP: name the operation, e.g. soap: { operation: 'GetStock' }`,
    );
  }
  if (route.auth !== undefined) checkRouteAuth(route.auth, [...base, 'auth'], config, report);
  checkMatch(route.match, [...base, 'match'], report);
  if (route.mirror !== undefined) checkMirror(route, [...base, 'mirror', 'upstream'], config, report);
  if (route.redirect !== undefined) checkRedirect(route.redirect, route.match, [...base, 'redirect'], report);
  checkRegexes(route, base, report);
  if (route.cors !== undefined && route.cors !== false) checkCors(route.cors, [...base, 'cors'], report);
}

function checkRouteAuth(auth: RouteAuthConfig, base: Path, config: ParsedConfig, report: Report): void {
  if (auth === false) return;
  const known = Object.keys(config.auth ?? {});
  const check = (name: string, path: Path) => {
    if (known.includes(name)) return;
    report(
      path,
      `auth provider ${JSON.stringify(name)} is not defined${didYouMean(name, known) || ' in "auth"'}`,
    );
  };
  if (typeof auth === 'string') check(auth, base);
  else if (Array.isArray(auth)) {
    for (const [index, name] of auth.entries()) check(name, [...base, index]);
  } else if (typeof auth.providers === 'string') check(auth.providers, [...base, 'providers']);
  else for (const [index, name] of auth.providers.entries()) check(name, [...base, 'providers', index]);
}

function checkRegexes(route: Route, base: Path, report: Report): void {
  const tryRegex = (data: unknown, path: Path) => {
    if (typeof data !== 'object' || data === null || data instanceof RegExp || !('regex' in data)) return;
    const compiled = compileRegexData(data as { regex: string; flags?: string });
    if (typeof compiled === 'string') report([...path, 'regex'], compiled);
  };
  tryRegex(route.match.path, [...base, 'match', 'path']);
  const hosts = route.match.host;
  if (Array.isArray(hosts)) {
    for (const [index, host] of hosts.entries()) tryRegex(host, [...base, 'match', 'host', index]);
  } else tryRegex(hosts, [...base, 'match', 'host']);
  for (const kind of ['headers', 'query'] as const) {
    for (const [name, matcher] of Object.entries(route.match[kind] ?? {}) as [string, QueryMatch][]) {
      if (typeof matcher === 'object' && matcher !== null && 'value' in matcher)
        tryRegex(matcher.value, [...base, 'match', kind, name, 'value']);
      else tryRegex(matcher, [...base, 'match', kind, name]);
    }
  }
  for (const [key, regex] of [
    ['rewrite', route.rewrite?.regex],
    ['redirect', route.redirect?.regex],
  ] as const) {
    if (regex === undefined) continue;
    const compiled = compileRegexData({ regex: regex.pattern, flags: regex.flags });
    if (typeof compiled === 'string') report([...base, key, 'regex', 'pattern'], compiled);
  }
}

function checkCors(
  cors: { origins: unknown; credentials?: boolean | undefined } | undefined,
  base: Path,
  report: Report,
): void {
  if (cors?.credentials === true && cors.origins === '*') {
    report(
      [...base, 'credentials'],
      `browsers refuse credentials with origins: '*' — list the origins, e.g. origins: ['http://localhost:5173']`,
    );
  }
}
