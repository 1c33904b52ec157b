/**
 * Parsed protos rebuilt from a description (describe.ts): @bufbuild/protobuf reads the cached
 * FileDescriptorSet — the very set parsing the protos produced — so a transform built from the
 * description cache needs no protobufjs and no second parse of the `.proto` text.
 */
import type { GrpcDescription } from './describe.js';
import type { LoadedProtos, LoadProtosResult, ProtoMethod } from './load.js';

/** The registry and methods of `description`, as `loadProtos` would give them. */
export async function protosFromDescription(description: GrpcDescription): Promise<LoadProtosResult> {
  const bufbuild = await import('@bufbuild/protobuf');
  const wkt = await import('@bufbuild/protobuf/wkt');
  const descriptorSet = new Uint8Array(Buffer.from(description.descriptorSet, 'base64'));
  let registry: LoadedProtos['registry'];
  try {
    registry = bufbuild.createFileRegistry(bufbuild.fromBinary(wkt.FileDescriptorSetSchema, descriptorSet));
  } catch (error) {
    return { ok: false, message: `cannot build descriptors: ${(error as Error).message}` };
  }
  const methods: ProtoMethod[] = [];
  for (const method of description.methods) {
    const input = registry.getMessage(method.input);
    const output = registry.getMessage(method.output);
    if (!input || !output) return { ok: false, message: `cannot resolve the types of ${method.name}` };
    methods.push({ ...method, input, output });
  }
  const files = description.files;
  return { ok: true, loaded: { registry, descriptorSet, methods, files, inputs: { files, absent: [] } } };
}
