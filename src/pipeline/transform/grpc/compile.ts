/**
 * Compiling the routes of gRPC upstreams: each upstream's protos are described once (from the
 * description cache when unchanged) and shared by its routes; each route's `grpc.method` is checked
 * against the description. The transforms themselves need @bufbuild/protobuf's descriptors: built
 * now (`eager`, for the proxy), on a route's first `plan` (`lazy`, for explain), or never (`check`,
 * for lint).
 */
import { resolve } from 'node:path';
import type { DescriptionCache } from '../../../config/cache.js';
import type { ConfigIssue } from '../../../config/issues.js';
import type { ResolvedConfig, ResolvedRoute, ResolvedUpstream } from '../../../config/resolved.js';
import { didYouMean } from '../../../config/suggest.js';
import type { GrpcTransform } from '../compiled.js';
import { describeGrpc } from './describe.js';
import type { LoadedProtos } from './load.js';

export interface CompiledGroup<T> {
  readonly transforms: Map<string, T>;
  readonly files: string[];
  readonly issues: ConfigIssue[];
}

/** `eager`: build every transform now; `lazy`: on first plan; `check`: only report issues. */
export type CompileMode = 'eager' | 'lazy' | 'check';

export interface GroupOptions {
  readonly mode: CompileMode;
  readonly cache?: DescriptionCache;
}

/** Compiles every route of one gRPC upstream. */
export async function compileGrpcUpstream(
  config: ResolvedConfig,
  upstream: ResolvedUpstream,
  routes: readonly ResolvedRoute[],
  options: GroupOptions = { mode: 'eager' },
): Promise<CompiledGroup<GrpcTransform>> {
  const out: CompiledGroup<GrpcTransform> = { transforms: new Map(), files: [], issues: [] };
  const at = `upstreams.${upstream.name}.grpc`;
  if (!upstream.grpc) {
    out.issues.push({
      path: at,
      message: `gRPC upstream "${upstream.name}" needs grpc.protos (the .proto files of its services)`,
    });
    return out;
  }
  const grpc = upstream.grpc;
  const protos = grpc.protos.map((p) => resolve(config.dir, p));
  const includeDirs = grpc.includeDirs.map((d) => resolve(config.dir, d));
  out.files.push(...protos);
  const described = await describeGrpc(protos, includeDirs, options.cache);
  if (!described.ok) {
    out.issues.push({
      path: `${at}.protos`,
      message: described.message,
      file: described.file ?? config.file,
      line: described.line,
    });
    return out;
  }
  const { description } = described;
  out.files.splice(0, out.files.length, ...description.files);
  for (const message of description.bindingProblems) out.issues.push({ path: `${at}.protos`, message });

  const methods = new Map(description.methods.map((m) => [m.name, m]));
  /** Route name → the declared RPC (`undefined`: by annotations) and its options. */
  const declared = new Map<string, DeclaredCall>();
  for (const route of routes) {
    const wanted = route.grpc?.method ?? 'annotations';
    const path = `routes[${route.index}].grpc.method`;
    if (wanted !== 'annotations') {
      const method = methods.get(wanted.replace(/^\//, ''));
      if (!method) {
        const names = [...methods.keys()];
        const hint = didYouMean(wanted, names) || ` (methods: ${names.join(', ') || 'none'})`;
        out.issues.push({
          path,
          message: `"${wanted}" is not a method of the protos of "${upstream.name}"${hint}`,
        });
        continue;
      }
      if (method.clientStreaming && method.serverStreaming) {
        out.issues.push({
          path,
          message: `"${wanted}" streams both ways, which one REST request and answer cannot carry`,
        });
        continue;
      }
      declared.set(route.name, {
        method: method.name,
        body: route.grpc?.body ?? '*',
        responseBody: route.grpc?.responseBody,
        web: route.grpc?.web ?? false,
        at: `routes[${route.index}].grpc`,
      });
    } else if (description.usableBindings === 0 && !route.grpc?.web) {
      const example = [...methods.keys()][0] ?? 'pkg.Service/Method';
      out.issues.push({
        path,
        message: `no method of "${upstream.name}" has google.api.http annotations; name one, e.g. method: "${example}"`,
      });
    } else
      declared.set(route.name, {
        method: undefined,
        body: '*',
        responseBody: undefined,
        web: route.grpc?.web ?? false,
        at: path,
      });
  }
  if (options.mode === 'check' || declared.size === 0) return out;

  const spec = {
    upstream: upstream.name,
    forwardHeaders: grpc.forwardHeaders.map((h) => h.toLowerCase()),
    returnMetadata: grpc.returnMetadata.map((h) => h.toLowerCase()),
    bodyLimit: config.server.limits.bodySize,
    emitDefaults: grpc.emitDefaults,
  };
  // Problems of `body`/`responseBody` fields are config issues of their own (eager), or what a
  // lazily built route answers with (explain).
  const build = async (loaded: LoadedProtos) => {
    const built = await buildTransforms(loaded, declared, spec);
    if (built.problems.length === 0) return built.transforms;
    if (options.mode === 'eager') return built.problems;
    return built.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
  };
  // From the description: the FileDescriptorSet it keeps rebuilds the registry without parsing again.
  const load = async () => {
    const { protosFromDescription } = await import('./from-set.js');
    const result = await protosFromDescription(description);
    if (!result.ok) return `the protos of "${upstream.name}" cannot be used: ${result.message}`;
    return build(result.loaded);
  };
  if (options.mode === 'lazy') {
    const { lazyGrpcTransform, once } = await import('../lazy.js');
    const group = once(async () => (described.loaded ? build(described.loaded) : load()));
    for (const name of declared.keys()) {
      out.transforms.set(
        name,
        lazyGrpcTransform(spec, async () => {
          const built = await group();
          if (typeof built === 'string') return built;
          if (Array.isArray(built)) return built.map((p) => `${p.path}: ${p.message}`).join('; ');
          return built.get(name) ?? `the method of route "${name}" is no longer in the protos`;
        }),
      );
    }
    return out;
  }
  const built = described.loaded ? await build(described.loaded) : await load();
  if (typeof built === 'string') out.issues.push({ path: `${at}.protos`, message: built });
  else if (Array.isArray(built)) out.issues.push(...built);
  else for (const [name, transform] of built) out.transforms.set(name, transform);
  return out;
}

/** A route's declared RPC (or `undefined`) with its options; `at` is its config path. */
interface DeclaredCall {
  readonly method: string | undefined;
  readonly body: string;
  readonly responseBody: string | undefined;
  readonly web: boolean;
  readonly at: string;
}

/**
 * The transforms of the routes in `declared`, from parsed protos. A declared `body` or
 * `responseBody` that names no field is a problem (it needs the descriptors, so lint cannot see it).
 */
async function buildTransforms(
  loaded: LoadedProtos,
  declared: ReadonlyMap<string, DeclaredCall>,
  spec: {
    upstream: string;
    forwardHeaders: string[];
    returnMetadata: string[];
    bodyLimit: number;
    emitDefaults: boolean;
  },
): Promise<{ transforms: Map<string, GrpcTransform>; problems: ConfigIssue[] }> {
  // @bufbuild/protobuf comes with these: only a transform that is built pays for it.
  const { createGrpcTransform } = await import('./transform.js');
  const { collectBindings, hasFieldPath } = await import('./collect-bindings.js');
  const methods = new Map(loaded.methods.map((m) => [m.name, m]));
  const bindings = collectBindings(loaded.methods, []);
  const transforms = new Map<string, GrpcTransform>();
  const problems: ConfigIssue[] = [];
  for (const [name, call] of declared) {
    const method = call.method === undefined ? undefined : methods.get(call.method);
    if (call.method !== undefined && !method) continue; // the protos changed since they were described
    if (method) {
      if (call.body !== '*' && !hasFieldPath(method.input, call.body))
        problems.push({
          path: `${call.at}.body`,
          message: `"${call.body}" is not a field of ${method.input.typeName} (use '*' for the whole message)`,
        });
      if (call.responseBody !== undefined && !hasFieldPath(method.output, call.responseBody))
        problems.push({
          path: `${call.at}.responseBody`,
          message: `"${call.responseBody}" is not a field of ${method.output.typeName}`,
        });
    }
    transforms.set(
      name,
      createGrpcTransform({
        ...spec,
        registry: loaded.registry,
        methods,
        method,
        bindings,
        body: call.body,
        responseBody: call.responseBody,
        grpcWeb: call.web,
      }),
    );
  }
  return { transforms, problems };
}
