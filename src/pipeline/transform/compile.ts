/**
 * `compileTransforms`: one compiled transform per route whose upstream speaks gRPC or SOAP. Each
 * upstream's protos or WSDL are read once and shared by its routes. The gRPC and SOAP halves load
 * only when a config has such an upstream, and the libraries behind them (protobufjs,
 * @bufbuild/protobuf, soap) only when a transform is built or the description cache misses.
 */
import { openDescriptionCache } from '../../config/cache.js';
import type { ConfigIssue, Result } from '../../config/issues.js';
import type { ResolvedConfig, ResolvedRoute } from '../../config/resolved.js';
import type { ProtocolTransform } from './compiled.js';
import type { CompileMode } from './grpc/compile.js';

/** The compiled transforms by route name, and the files they were read from (for live reload). */
export interface CompiledTransforms {
  readonly transforms: ReadonlyMap<string, ProtocolTransform>;
  /** Protos (with their imports) and WSDL files; Google's bundled protos are left out. */
  readonly files: string[];
}

export interface CompileTransformsOptions {
  /**
   * `eager` (the proxy): every transform is built now. `lazy` (explain): the routes are checked
   * now, each transform is built on its first `plan`. `check` (lint): the routes are checked, no
   * transform is built (the map is empty). @default 'eager'
   */
  readonly mode?: CompileMode;
  /**
   * Keep what the protos and WSDLs contain in the description cache (src/config/cache.ts), whose
   * `GATEWAY_CACHE` and `GATEWAY_CACHE_DIR` are read from `env`. @default undefined (no cache)
   */
  readonly cache?: { readonly env: NodeJS.ProcessEnv };
}

/**
 * Compiles every gRPC/SOAP route. Issues name the config key (`routes[3].grpc.method`,
 * `upstreams.products.grpc.protos`) and, for proto syntax errors, the proto file and line.
 * @example
 * const compiled = await compileTransforms(config);
 * if (compiled.ok) compiled.transforms.get('products')?.plan({ request, upstreamPath, params });
 */
export async function compileTransforms(
  config: ResolvedConfig,
  options: CompileTransformsOptions = {},
): Promise<Result<CompiledTransforms>> {
  const transforms = new Map<string, ProtocolTransform>();
  const files = new Set<string>();
  const issues: ConfigIssue[] = [];
  const group = {
    mode: options.mode ?? 'eager',
    cache: options.cache && openDescriptionCache({ configDir: config.dir, env: options.cache.env }),
  };
  for (const upstream of Object.values(config.upstreams)) {
    if (upstream.protocol === 'http') continue;
    const routes = config.routes.filter((r: ResolvedRoute) => r.upstream === upstream.name && !r.respond);
    const compiled =
      upstream.protocol === 'grpc'
        ? await (await import('./grpc/compile.js')).compileGrpcUpstream(config, upstream, routes, group)
        : await (await import('./soap/compile.js')).compileSoapUpstream(config, upstream, routes, group);
    for (const [name, transform] of compiled.transforms) transforms.set(name, transform);
    for (const file of compiled.files) files.add(file);
    issues.push(...compiled.issues);
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, transforms, files: [...files] };
}
