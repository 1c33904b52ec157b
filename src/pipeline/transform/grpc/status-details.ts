/**
 * `grpc-status-details-bin` → JSON: the `google.rpc.Status` an error carries, with each `Any`
 * detail shown as proto3 JSON when the registry knows its type (the standard error details always
 * load, see load.ts), else as `{ "@type", "value": base64 }` so that nothing is lost.
 */
import { type DescMessage, fromBinary, type Registry, toJson } from '@bufbuild/protobuf';

interface RawStatus {
  code: number;
  message: string;
  details: { typeUrl: string; value: Uint8Array }[];
}

/** The status as JSON, or `undefined` when the bytes are no `google.rpc.Status`. */
export function decodeStatusDetails(bytes: Uint8Array, registry: Registry): unknown {
  const desc = registry.getMessage('google.rpc.Status');
  if (!desc) return undefined;
  let status: RawStatus;
  try {
    status = fromBinary(desc, bytes) as unknown as RawStatus;
  } catch {
    return undefined;
  }
  return {
    code: status.code,
    message: status.message,
    details: status.details.map((any) => detailJson(any, registry)),
  };
}

function detailJson(any: { typeUrl: string; value: Uint8Array }, registry: Registry): unknown {
  const typeName = any.typeUrl.slice(any.typeUrl.lastIndexOf('/') + 1);
  const desc: DescMessage | undefined = registry.getMessage(typeName);
  if (desc) {
    try {
      const json = toJson(desc, fromBinary(desc, any.value), { registry }) as Record<string, unknown>;
      return { '@type': any.typeUrl, ...json };
    } catch {
      // fall through: shown as bytes
    }
  }
  return { '@type': any.typeUrl, value: Buffer.from(any.value).toString('base64') };
}
