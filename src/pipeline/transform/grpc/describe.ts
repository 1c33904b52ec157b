/**
 * What checking a config's gRPC routes needs from an upstream's protos — the RPC names, which take
 * a client stream, the problems of their HTTP bindings — as plain data that the description cache
 * (src/config/cache.ts) keeps between runs. A hit loads no protobuf library at all; a miss parses
 * the protos for real (protobufjs, then @bufbuild/protobuf) and hands the result on, so compiling
 * never parses twice.
 */
import type { DescriptionCache } from '../../../config/cache.js';
import { codeStamp } from '../../../config/cache.js';
import { type LoadedProtos, type LoadProtosResult, loadProtos } from './load.js';

/** One RPC as the description keeps it: message types by name, the HTTP rule as protobufjs parsed it. */
export interface DescribedMethod {
  readonly name: string;
  readonly clientStreaming: boolean;
  readonly serverStreaming: boolean;
  readonly input: string;
  readonly output: string;
  readonly httpRule: unknown;
}

/** The route-independent facts about one upstream's protos. */
export interface GrpcDescription {
  readonly methods: readonly DescribedMethod[];
  /** The FileDescriptorSet the protos compile to, base64: enough to rebuild the registry without parsing. */
  readonly descriptorSet: string;
  /** Unreadable or wrong `google.api.http` bindings, as messages. */
  readonly bindingProblems: readonly string[];
  /** How many bindings can serve REST requests. */
  readonly usableBindings: number;
  /** The proto files besides Google's, for live reload. */
  readonly files: readonly string[];
}

export type DescribeGrpcResult =
  | {
      readonly ok: true;
      readonly description: GrpcDescription;
      /** The parsed protos, when they were parsed (a cache miss). */
      readonly loaded?: LoadedProtos;
    }
  | Extract<LoadProtosResult, { ok: false }>;

let stamp: string | undefined;

/** Describes the protos (absolute paths), from the cache when their files are unchanged. */
export async function describeGrpc(
  protos: readonly string[],
  includeDirs: readonly string[],
  cache: DescriptionCache | undefined,
): Promise<DescribeGrpcResult> {
  stamp ??= codeStamp(import.meta.url, ['protobufjs', '@bufbuild/protobuf', 'google-proto-files']);
  const what = { protos, includeDirs };
  const cached = cache?.get<GrpcDescription>('grpc', what, stamp);
  if (cached) return { ok: true, description: cached };

  const loaded = await loadProtos(protos, includeDirs);
  if (!loaded.ok) return loaded;
  const { collectBindings } = await import('./collect-bindings.js');
  const bindingProblems: string[] = [];
  const usable = collectBindings(loaded.loaded.methods, bindingProblems);
  const description: GrpcDescription = {
    methods: loaded.loaded.methods.map((m) => ({
      name: m.name,
      clientStreaming: m.clientStreaming,
      serverStreaming: m.serverStreaming,
      input: m.input.typeName,
      output: m.output.typeName,
      httpRule: m.httpRule,
    })),
    descriptorSet: Buffer.from(loaded.loaded.descriptorSet).toString('base64'),
    bindingProblems,
    usableBindings: usable.length,
    files: loaded.loaded.files,
  };
  cache?.set('grpc', what, stamp, description, loaded.loaded.inputs);
  return { ok: true, description, loaded: loaded.loaded };
}
