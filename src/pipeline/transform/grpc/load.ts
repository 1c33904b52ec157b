/**
 * Loading an upstream's `.proto` files: protobufjs parses the text (imports resolved against the
 * include dirs, then Google's protos from `google-proto-files`), @bufbuild/protobuf gets the
 * descriptors, so the proto3 JSON mapping is the conformant one. Both load lazily: only configs
 * with gRPC upstreams pay for them.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join } from 'node:path';
import type { DescMessage, FileRegistry } from '@bufbuild/protobuf';

/** One RPC of the loaded protos. */
export interface ProtoMethod {
  /** `shop.v1.ProductService/GetProduct`. */
  readonly name: string;
  readonly input: DescMessage;
  readonly output: DescMessage;
  readonly clientStreaming: boolean;
  readonly serverStreaming: boolean;
  /** The `(google.api.http)` option as protobufjs parsed it, if any. */
  readonly httpRule: unknown;
}

export interface LoadedProtos {
  readonly registry: FileRegistry;
  /** The registry's FileDescriptorSet, binary: the description cache keeps it (see from-set.ts). */
  readonly descriptorSet: Uint8Array;
  readonly methods: readonly ProtoMethod[];
  /** Every proto file read except Google's own: live reload watches them. */
  readonly files: readonly string[];
  /**
   * What the result depends on, for the description cache: every file read (Google's too) and
   * every include-dir candidate that did not exist (a file appearing there would change the result).
   */
  readonly inputs: { readonly files: readonly string[]; readonly absent: readonly string[] };
}

export type LoadProtosResult =
  | { readonly ok: true; readonly loaded: LoadedProtos }
  | { readonly ok: false; readonly message: string; readonly file?: string; readonly line?: number };

/** Folder of `google-proto-files`: `google/api/annotations.proto` and friends resolve against it. */
export const GOOGLE_PROTOS_DIR = dirname(
  createRequire(import.meta.url).resolve('google-proto-files/package.json'),
);

/** @bufbuild/protobuf's exports of the `google.protobuf` package's files. */
const WELL_KNOWN_FILES = [
  'file_google_protobuf_any',
  'file_google_protobuf_api',
  'file_google_protobuf_descriptor',
  'file_google_protobuf_duration',
  'file_google_protobuf_empty',
  'file_google_protobuf_field_mask',
  'file_google_protobuf_source_context',
  'file_google_protobuf_struct',
  'file_google_protobuf_timestamp',
  'file_google_protobuf_type',
  'file_google_protobuf_wrappers',
] as const;
type WellKnownFiles = Record<
  (typeof WELL_KNOWN_FILES)[number],
  { proto: import('@bufbuild/protobuf/wkt').FileDescriptorProto }
>;

const STATUS_PROTOS = ['google/rpc/status.proto', 'google/rpc/error_details.proto'];

/** Parses `protos` (absolute paths) and builds the registry and method list. */
export async function loadProtos(
  protos: readonly string[],
  includeDirs: readonly string[],
): Promise<LoadProtosResult> {
  const protobuf = (await import('protobufjs')).default;
  // The descriptor extension adds Root#toDescriptor and the descriptor message types.
  const descriptorTypes = (await import('protobufjs/ext/descriptor/index.js')).default;
  const bufbuild = await import('@bufbuild/protobuf');
  const wkt = await import('@bufbuild/protobuf/wkt');

  const searchDirs = [...includeDirs, GOOGLE_PROTOS_DIR];
  const root = new protobuf.Root();
  const absent: string[] = [];
  root.resolvePath = (origin, target) => {
    if (isAbsolute(target)) return target;
    for (const dir of searchDirs) {
      const candidate = join(dir, target);
      if (existsSync(candidate)) return candidate;
      absent.push(candidate);
    }
    return origin ? join(dirname(origin), target) : target;
  };
  try {
    // google.rpc.Status and its standard details: errors' `grpc-status-details-bin` decode with them.
    await root.load([...protos, ...STATUS_PROTOS], { keepCase: true, alternateCommentMode: true });
    root.resolveAll();
  } catch (error) {
    return parseFailure(error);
  }

  // protobufjs's descriptor export is itself a protobufjs message: encode it, decode with bufbuild.
  const descriptor = (root as unknown as { toDescriptor(edition: string): unknown }).toDescriptor('proto3');
  const encoded = descriptorTypes.FileDescriptorSet.encode(descriptor as object).finish();
  const set = bufbuild.fromBinary(wkt.FileDescriptorSetSchema, encoded);
  const { qualifyDescriptors } = await import('./descriptors.js');
  // protobufjs answers `google/protobuf/*.proto` with built-in definitions whose field names are
  // camelCase (`numberValue` for `number_value`): the well-known types come from @bufbuild/protobuf's
  // own descriptors instead, which are protoc's.
  const wellKnown = WELL_KNOWN_FILES.map((name) =>
    bufbuild.clone(wkt.FileDescriptorProtoSchema, (wkt as unknown as WellKnownFiles)[name].proto),
  );
  set.file = qualifyDescriptors(
    [...wellKnown, ...set.file.filter((file) => file.package !== 'google.protobuf')],
    declaredJsonNames(root, protobuf.Type),
  );
  let registry: FileRegistry;
  try {
    registry = bufbuild.createFileRegistry(set);
  } catch (error) {
    return { ok: false, message: `cannot build descriptors: ${(error as Error).message}` };
  }

  const methods: ProtoMethod[] = [];
  for (const service of allServices(root, protobuf.Service)) {
    const serviceName = service.fullName.slice(1);
    for (const method of service.methodsArray) {
      const input = registry.getMessage(method.resolvedRequestType!.fullName.slice(1));
      const output = registry.getMessage(method.resolvedResponseType!.fullName.slice(1));
      if (!input || !output)
        return { ok: false, message: `cannot resolve the types of ${serviceName}/${method.name}` };
      methods.push({
        name: `${serviceName}/${method.name}`,
        input,
        output,
        clientStreaming: method.requestStream === true,
        serverStreaming: method.responseStream === true,
        httpRule: findOption(method.parsedOptions, '(google.api.http)'),
      });
    }
  }
  const files = root.files.filter((file) => isAbsolute(file) && !file.startsWith(GOOGLE_PROTOS_DIR));
  const inputs = { files: root.files.filter((file) => isAbsolute(file)), absent };
  const descriptorSet = bufbuild.toBinary(wkt.FileDescriptorSetSchema, set);
  return { ok: true, loaded: { registry, descriptorSet, methods, files, inputs } };
}

type Namespace = import('protobufjs').NamespaceBase;

/** `.pkg.Message.field` → its `[json_name = "…"]`, for every field that declares one. */
function declaredJsonNames(ns: Namespace, TypeClass: typeof import('protobufjs').Type): Map<string, string> {
  const out = new Map<string, string>();
  for (const nested of ns.nestedArray) {
    if (nested instanceof TypeClass)
      for (const field of nested.fieldsArray) {
        const declared = field.options?.json_name;
        if (typeof declared === 'string') out.set(`${nested.fullName}.${field.name}`, declared);
      }
    if ('nestedArray' in nested)
      for (const [key, value] of declaredJsonNames(nested as Namespace, TypeClass)) out.set(key, value);
  }
  return out;
}
type Service = import('protobufjs').Service;

function allServices(ns: Namespace, ServiceClass: typeof import('protobufjs').Service): Service[] {
  const out: Service[] = [];
  for (const nested of ns.nestedArray) {
    if (nested instanceof ServiceClass) out.push(nested);
    else if ('nestedArray' in nested) out.push(...allServices(nested as Namespace, ServiceClass));
  }
  return out;
}

function findOption(parsed: readonly Record<string, unknown>[] | undefined, name: string): unknown {
  for (const entry of parsed ?? []) if (name in entry) return entry[name];
  return undefined;
}

/** protobufjs errors read `illegal token 'x' (/path/a.proto, line 5)`; keep the file and line apart. */
function parseFailure(error: unknown): LoadProtosResult {
  const message = error instanceof Error ? error.message : String(error);
  const at = /^(.*) \((\/[^,]+), line (\d+)\)$/.exec(message);
  if (at) return { ok: false, message: at[1]!, file: at[2]!, line: Number(at[3]) };
  const missing = /ENOENT[^']*'([^']+)'/.exec(message);
  if (missing)
    return {
      ok: false,
      message: `cannot read ${missing[1]} (not found in the include dirs)`,
      file: missing[1]!,
    };
  return { ok: false, message };
}
