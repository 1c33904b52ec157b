/**
 * `compileTransforms`: one compiled transform per route whose upstream speaks gRPC or SOAP. Each
 * upstream's protos or WSDL are read once and shared by its routes. The gRPC and SOAP halves load
 * only when a config has such an upstream.
 */
import type { ConfigIssue, Result } from '../../config/issues.js';
import type { ResolvedConfig, ResolvedRoute } from '../../config/resolved.js';
import type { ProtocolTransform } from './compiled.js';

/** The compiled transforms by route name, and the files they were read from (for live reload). */
export interface CompiledTransforms {
  readonly transforms: ReadonlyMap<string, ProtocolTransform>;
  /** Protos (with their imports) and WSDL files; Google's bundled protos are left out. */
  readonly files: string[];
}

/**
 * Compiles every gRPC/SOAP route. Issues name the config key (`routes[3].grpc.method`,
 * `upstreams.products.grpc.protos`) and, for proto syntax errors, the proto file and line.
 * @example
 * const compiled = await compileTransforms(config);
 * if (compiled.ok) compiled.transforms.get('products')?.plan({ request, upstreamPath, params });
 */
export async function compileTransforms(config: ResolvedConfig): Promise<Result<CompiledTransforms>> {
  const transforms = new Map<string, ProtocolTransform>();
  const files = new Set<string>();
  const issues: ConfigIssue[] = [];
  for (const upstream of Object.values(config.upstreams)) {
    if (upstream.protocol === 'http') continue;
    const routes = config.routes.filter((r: ResolvedRoute) => r.upstream === upstream.name && !r.respond);
    const group =
      upstream.protocol === 'grpc'
        ? await (await import('./grpc/compile.js')).compileGrpcUpstream(config, upstream, routes)
        : await (await import('./soap/compile.js')).compileSoapUpstream(config, upstream, routes);
    for (const [name, transform] of group.transforms) transforms.set(name, transform);
    for (const file of group.files) files.add(file);
    issues.push(...group.issues);
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, transforms, files: [...files] };
}
