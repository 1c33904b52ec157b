/**
 * `response_body`: the answer is one field of the response message, not all of it. The field is
 * picked from the message's proto3 JSON; a field the JSON leaves out (a default value, with
 * `emitDefaults: false`, or an unset message) is filled in as proto3 JSON would show it:
 * the scalar's default, `[]`, `{}`, or `null` for a message.
 */
import { create, type DescMessage, type Registry, toJson } from '@bufbuild/protobuf';
import { findField } from './message-check.js';

/** The JSON of field path `path` (`location.folder`) in `json`, the proto3 JSON of a `desc` message. */
export function pickResponseField(
  desc: DescMessage,
  json: unknown,
  path: string,
  registry: Registry,
): unknown {
  let current: DescMessage = desc;
  let value: unknown = json;
  for (const name of path.split('.')) {
    const field = findField(current, name);
    if (!field) throw new Error(`response_body "${path}" is not a field of ${desc.typeName}`);
    const shown = (value as Record<string, unknown> | null)?.[field.jsonName];
    if (shown !== undefined) value = shown;
    else {
      const defaults = toJson(current, create(current), { registry, alwaysEmitImplicit: true }) as Record<
        string,
        unknown
      >;
      value = defaults[field.jsonName] ?? null;
    }
    if (field.fieldKind === 'message') current = field.message;
  }
  return value;
}
