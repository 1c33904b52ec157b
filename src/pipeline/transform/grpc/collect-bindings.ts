/**
 * The usable `google.api.http` bindings of an upstream's RPCs: a binding naming a field the request
 * message lacks is a problem; a bidirectional RPC's binding is left out (one REST exchange cannot
 * carry it). Client-streaming RPCs take NDJSON bodies, one message a line.
 */
import type { DescMessage } from '@bufbuild/protobuf';
import { type HttpBinding, readBindings } from './http-bindings.js';
import type { ProtoMethod } from './load.js';
import { findField } from './message-check.js';

/** Every usable binding of `methods`; problems are appended to `problems` as messages. */
export function collectBindings(methods: readonly ProtoMethod[], problems: string[]): HttpBinding[] {
  const usable: HttpBinding[] = [];
  for (const method of methods) {
    const { bindings, problems: unreadable } = readBindings(method.name, method.httpRule);
    problems.push(...unreadable);
    for (const binding of bindings) {
      const fields = [
        ...binding.template.variables.map((v) => v.field),
        ...(binding.body && binding.body !== '*' ? [binding.body] : []),
      ];
      const missing = fields.find((f) => !hasFieldPath(method.input, f));
      const missingOut =
        binding.responseBody !== undefined && !hasFieldPath(method.output, binding.responseBody);
      if (missing)
        problems.push(
          `${method.name}: binding ${binding.label} names "${missing}", not a field of ${method.input.typeName}`,
        );
      else if (missingOut)
        problems.push(
          `${method.name}: binding ${binding.label} answers "${binding.responseBody}", not a field of ${method.output.typeName}`,
        );
      // Both ways at once: one REST request and answer cannot carry it.
      else if (method.clientStreaming && method.serverStreaming) continue;
      else usable.push(binding);
    }
  }
  return usable;
}

/** Whether `path` (`note.location`) names a field of `desc`, through nested messages. */
export function hasFieldPath(message: DescMessage, path: string): boolean {
  let desc = message;
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
