/**
 * Compiling the routes of gRPC upstreams: each upstream's protos are loaded once and shared by its
 * routes; each route's `grpc.method` is checked against them.
 */
import { resolve } from 'node:path';
import type { ConfigIssue } from '../../../config/issues.js';
import type { ResolvedConfig, ResolvedRoute, ResolvedUpstream } from '../../../config/resolved.js';
import { didYouMean } from '../../../config/suggest.js';
import type { GrpcTransform } from '../compiled.js';
import { type HttpBinding, readBindings } from './http-bindings.js';
import { findField } from './message-check.js';
import { loadProtos, type ProtoMethod } from './load.js';
import { createGrpcTransform } from './transform.js';

export interface CompiledGroup<T> {
  readonly transforms: Map<string, T>;
  readonly files: string[];
  readonly issues: ConfigIssue[];
}

/** Compiles every route of one gRPC upstream. */
export async function compileGrpcUpstream(
  config: ResolvedConfig,
  upstream: ResolvedUpstream,
  routes: readonly ResolvedRoute[],
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
  const protos = upstream.grpc.protos.map((p) => resolve(config.dir, p));
  out.files.push(...protos);
  const loaded = await loadProtos(
    protos,
    upstream.grpc.includeDirs.map((d) => resolve(config.dir, d)),
  );
  if (!loaded.ok) {
    out.issues.push({
      path: `${at}.protos`,
      message: loaded.message,
      file: loaded.file ?? config.file,
      line: loaded.line,
    });
    return out;
  }
  out.files.splice(0, out.files.length, ...loaded.loaded.files);
  const methods = new Map(loaded.loaded.methods.map((m) => [m.name, m]));
  const bindings = collectBindings(loaded.loaded.methods, `${at}.protos`, out.issues);

  for (const route of routes) {
    const declared = route.grpc?.method ?? 'annotations';
    const path = `routes[${route.index}].grpc.method`;
    let method: ProtoMethod | undefined;
    if (declared !== 'annotations') {
      method = methods.get(declared.replace(/^\//, ''));
      if (!method) {
        const names = [...methods.keys()];
        const hint = didYouMean(declared, names) || ` (methods: ${names.join(', ') || 'none'})`;
        out.issues.push({
          path,
          message: `"${declared}" is not a method of the protos of "${upstream.name}"${hint}`,
        });
        continue;
      }
      if (method.clientStreaming) {
        out.issues.push({
          path,
          message: `"${declared}" takes a client stream, which a REST request cannot supply`,
        });
        continue;
      }
    } else if (bindings.length === 0) {
      const example = [...methods.keys()][0] ?? 'pkg.Service/Method';
      out.issues.push({
        path,
        message: `no method of "${upstream.name}" has google.api.http annotations; name one, e.g. method: "${example}"`,
      });
      continue;
    }
    out.transforms.set(
      route.name,
      createGrpcTransform({
        upstream: upstream.name,
        registry: loaded.loaded.registry,
        methods,
        method,
        bindings,
        forwardHeaders: upstream.grpc.forwardHeaders.map((h) => h.toLowerCase()),
        returnMetadata: upstream.grpc.returnMetadata.map((h) => h.toLowerCase()),
        bodyLimit: config.server.limits.bodySize,
      }),
    );
  }
  return out;
}

/** Every usable binding; a binding naming fields the request message lacks is an issue. */
function collectBindings(
  methods: readonly ProtoMethod[],
  path: string,
  issues: ConfigIssue[],
): HttpBinding[] {
  const usable: HttpBinding[] = [];
  for (const method of methods) {
    const { bindings, problems } = readBindings(method.name, method.httpRule);
    for (const message of problems) issues.push({ path, message });
    for (const binding of bindings) {
      const fields = [
        ...binding.template.variables.map((v) => v.field),
        ...(binding.body && binding.body !== '*' ? [binding.body] : []),
      ];
      const missing = fields.find((f) => !hasFieldPath(method, f));
      if (missing)
        issues.push({
          path,
          message: `${method.name}: binding ${binding.label} names "${missing}", not a field of ${method.input.typeName}`,
        });
      else if (method.clientStreaming) continue;
      else usable.push(binding);
    }
  }
  return usable;
}

function hasFieldPath(method: ProtoMethod, path: string): boolean {
  let desc = method.input;
  const names = path.split('.');
  for (let i = 0; i < names.length; i++) {
    const field = findField(desc, names[i]!);
    if (!field) return false;
    if (i === names.length - 1) return true;
    if (field.fieldKind !== 'message') return false;
    desc = field.message;
  }
  return false;
}
