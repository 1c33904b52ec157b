/**
 * Patches over the problems that stop a config from resolving but that lint reports with a
 * rule id (duplicate route names, unknown upstreams and providers, bad or repeated targets),
 * so the rest of the rules can still check everything else. The patched copy is only for
 * analysis: findings always point at the config as written. Routes are never removed or
 * reordered, so `routes[i]` means the same route in both.
 */
import { type UserConfig, upstreamNamesOf } from '../config/schema/index.js';
import { targetAddress } from '../config/values.js';
import { providerReferences } from './rules/auth-unknown-provider.js';
import { TARGET_SCHEMES } from './rules/targets.js';

/** A copy of `user` that resolves when only the lint-reported reference problems were in the way. */
export function repairConfig(user: UserConfig): UserConfig {
  const copy = structuredClone(user) as { -readonly [K in keyof UserConfig]: UserConfig[K] };
  renameDuplicateRoutes(copy);
  answerUnknownUpstreams(copy);
  defineUnknownProviders(copy);
  replaceBadTargets(copy);
  return copy;
}

function renameDuplicateRoutes(config: UserConfig): void {
  const seen = new Set<string>();
  config.routes.forEach((route, index) => {
    if (seen.has(route.name)) route.name = `${route.name} (routes[${index}])`;
    seen.add(route.name);
  });
}

// A route whose upstream is missing keeps its match (so shadowing still sees it) and answers 502.
function answerUnknownUpstreams(config: UserConfig): void {
  const names = Object.keys(config.upstreams ?? {});
  for (const route of config.routes) {
    // A mirror to a missing upstream is dropped: the route itself still forwards.
    if (route.mirror !== undefined && !names.includes(route.mirror.upstream)) delete route.mirror;
    if (route.respond !== undefined || upstreamNamesOf(route.upstream).every((name) => names.includes(name)))
      continue;
    delete route.pin;
    delete route.mirror;
    delete route.upstream;
    delete route.grpc;
    delete route.soap;
    route.respond = { status: 502 };
  }
}

// An unknown provider still means "this route is protected": define a stand-in that never runs.
function defineUnknownProviders(config: UserConfig): void {
  config.auth ??= {};
  const auth = config.auth;
  for (const { name } of providerReferences(config)) {
    auth[name] ??= { type: 'forward', url: 'http://unknown-provider.invalid/' };
  }
}

// Invalid and repeated targets become unique placeholders, keeping each pool's size.
function replaceBadTargets(config: UserConfig): void {
  let placeholder = 0;
  const stand = () => `http://invalid-target.invalid:${++placeholder}`;
  for (const [name, upstream] of Object.entries(config.upstreams ?? {})) {
    if (typeof upstream === 'string') {
      if (!isUsable(upstream, 'http')) config.upstreams![name] = stand();
      continue;
    }
    const seen = new Set<string>();
    upstream.targets = upstream.targets.map((target) => {
      const url = typeof target === 'string' ? target : target.url;
      const id = isUsable(url, upstream.protocol ?? 'http') ? targetAddress(url)?.id : undefined;
      if (id !== undefined && !seen.has(id)) {
        seen.add(id);
        return target;
      }
      return typeof target === 'string' ? stand() : { ...target, url: stand() };
    });
  }
}

function isUsable(url: string, protocol: keyof typeof TARGET_SCHEMES): boolean {
  const address = targetAddress(url);
  return address !== undefined && TARGET_SCHEMES[protocol].includes(address.protocol);
}
