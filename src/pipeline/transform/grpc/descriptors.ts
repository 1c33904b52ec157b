/**
 * Turning protobufjs's descriptor output into a set @bufbuild/protobuf accepts. protobufjs
 * (which parses `.proto` text) writes one file per package and keeps type references as they
 * were written (`Category`, `google.protobuf.Timestamp`); a FileDescriptorSet needs them fully
 * qualified (`.shop.v1.Category`), each file's `dependency` list filled and every field's
 * `json_name` set, as protoc would: the declared `[json_name = "…"]` (protobufjs keeps it as an
 * option but leaves it out of its descriptors), else the lowerCamelCase of the name. This module does
 * exactly that, by protobuf's scoping rule (innermost scope first), and orders the files.
 */
import { protoCamelCase } from '@bufbuild/protobuf/reflect';
import type { DescriptorProto, FileDescriptorProto } from '@bufbuild/protobuf/wkt';

/**
 * Qualifies every type reference, sets every field's `json_name` (`declaredJsonNames`: field full
 * name `.pkg.Message.field` → its `[json_name]` option) and fills in `dependency` (in place), and returns the files
 * ordered dependencies first, as a FileDescriptorSet must be.
 */
export function qualifyDescriptors(
  files: readonly FileDescriptorProto[],
  declaredJsonNames: ReadonlyMap<string, string> = new Map(),
): FileDescriptorProto[] {
  const fileOf = new Map<string, string>();
  for (const file of files) {
    const prefix = file.package ? `.${file.package}` : '';
    forEachMessage(file.messageType, prefix, (message, fullName) => {
      fileOf.set(fullName, file.name);
      for (const e of message.enumType) fileOf.set(`${fullName}.${e.name}`, file.name);
    });
    for (const e of file.enumType) fileOf.set(`${prefix}.${e.name}`, file.name);
  }

  for (const file of files) {
    const prefix = file.package ? `.${file.package}` : '';
    const used = new Set<string>();
    const qualify = (name: string, scope: string): string => {
      const full = resolveName(name, scope, fileOf);
      const owner = fileOf.get(full);
      if (owner !== undefined && owner !== file.name) used.add(owner);
      return full;
    };
    forEachMessage(file.messageType, prefix, (message, fullName) => {
      // protobufjs also lists extensions as fields of the extended message (`.google.api.http` in
      // MethodOptions); in a descriptor they belong only to the file that declares them.
      message.field = message.field.filter((field) => !field.name.startsWith('.'));
      for (const field of [...message.field, ...message.extension]) {
        // protoc always records the JSON name; protobufjs leaves it empty.
        const declared = declaredJsonNames.get(`${fullName}.${field.name}`);
        if (declared !== undefined) field.jsonName = declared;
        else if (!field.jsonName) field.jsonName = protoCamelCase(field.name);
        if (field.typeName) field.typeName = qualify(field.typeName, fullName);
        if (field.extendee) field.extendee = qualify(field.extendee, fullName);
      }
    });
    for (const field of file.extension) {
      if (field.typeName) field.typeName = qualify(field.typeName, prefix);
      if (field.extendee) field.extendee = qualify(field.extendee, prefix);
    }
    for (const service of file.service) {
      for (const method of service.method) {
        method.inputType = qualify(method.inputType, prefix);
        method.outputType = qualify(method.outputType, prefix);
      }
    }
    file.dependency = [...used].sort();
  }
  return dependenciesFirst(files);
}

/** Depth-first topological order. A cycle (two packages using each other) is left as found. */
function dependenciesFirst(files: readonly FileDescriptorProto[]): FileDescriptorProto[] {
  const byName = new Map(files.map((file) => [file.name, file]));
  const ordered: FileDescriptorProto[] = [];
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (file: FileDescriptorProto): void => {
    if (done.has(file.name) || visiting.has(file.name)) return;
    visiting.add(file.name);
    for (const dep of file.dependency) {
      const next = byName.get(dep);
      if (next) visit(next);
    }
    visiting.delete(file.name);
    done.add(file.name);
    ordered.push(file);
  };
  files.forEach(visit);
  return ordered;
}

/** `Category` in scope `.shop.v1.Product` → `.shop.v1.Category` (tries `.shop.v1.Product.Category` first). */
function resolveName(name: string, scope: string, known: ReadonlyMap<string, string>): string {
  if (name.startsWith('.')) return name;
  const parts = scope.split('.').filter(Boolean);
  for (let i = parts.length; i >= 0; i--) {
    const candidate = `.${[...parts.slice(0, i), name].join('.')}`;
    if (known.has(candidate)) return candidate;
  }
  return `.${name}`;
}

function forEachMessage(
  messages: readonly DescriptorProto[],
  scope: string,
  visit: (message: DescriptorProto, fullName: string) => void,
): void {
  for (const message of messages) {
    const fullName = `${scope}.${message.name}`;
    visit(message, fullName);
    forEachMessage(message.nestedType, fullName, visit);
  }
}
