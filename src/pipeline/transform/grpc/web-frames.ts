/**
 * gRPC-Web framing (https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-WEB.md): each message is
 * a frame of one flag byte (0x00 data, 0x80 trailers), a 4-byte big-endian length and the bytes;
 * the trailers travel as the last frame, as HTTP/1.1 header lines. `application/grpc-web-text`
 * carries the same bytes in base64 (a client may send several padded base64 chunks in a row).
 */

/** The two wire forms: `proto` (binary) and `text` (base64). */
export type GrpcWebEncoding = 'proto' | 'text';

/** `proto` or `text` for a gRPC-Web content type, `undefined` for anything else. */
export function grpcWebEncoding(contentType: string | undefined): GrpcWebEncoding | undefined {
  const essence = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (essence === 'application/grpc-web' || essence === 'application/grpc-web+proto') return 'proto';
  if (essence === 'application/grpc-web-text' || essence === 'application/grpc-web-text+proto') return 'text';
  return undefined;
}

/** The content type of an answer in `encoding`. */
export function grpcWebContentType(encoding: GrpcWebEncoding): string {
  return encoding === 'text' ? 'application/grpc-web-text+proto' : 'application/grpc-web+proto';
}

/** The request's bytes, base64-decoded for `text` (chunk by padded chunk). */
export function decodeGrpcWebBody(bytes: Uint8Array, encoding: GrpcWebEncoding): Uint8Array | string {
  if (encoding === 'proto') return bytes;
  const text = new TextDecoder().decode(bytes).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}([A-Za-z0-9+/]+={0,2})*$/.test(text)) return 'the body is not base64';
  const chunks = text.match(/[A-Za-z0-9+/]+={0,2}/g) ?? [];
  return new Uint8Array(Buffer.concat(chunks.map((chunk) => Buffer.from(chunk, 'base64'))));
}

/** The message frames of a request body, or why they are not well-formed. */
export function readGrpcWebFrames(bytes: Uint8Array): Uint8Array[] | string {
  const messages: Uint8Array[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at < bytes.byteLength) {
    if (at + 5 > bytes.byteLength) return `a frame header is cut short at byte ${at}`;
    const flags = bytes[at]!;
    const length = view.getUint32(at + 1);
    if (at + 5 + length > bytes.byteLength) return `a frame of ${length} bytes is cut short at byte ${at}`;
    if (flags & 0x01) return 'compressed frames are not accepted (send grpc-encoding identity)';
    if ((flags & 0x80) === 0) messages.push(bytes.subarray(at + 5, at + 5 + length));
    at += 5 + length;
  }
  return messages;
}

/** A data frame. */
export function dataFrame(message: Uint8Array): Uint8Array {
  return frame(0x00, message);
}

/** The trailers frame: `grpc-status`, `grpc-message` (percent-encoded) and any other trailers. */
export function trailersFrame(code: number, message: string, extra: Record<string, string> = {}): Uint8Array {
  const lines = [`grpc-status:${code}`, ...(message ? [`grpc-message:${encodeURIComponent(message)}`] : [])];
  for (const [name, value] of Object.entries(extra)) lines.push(`${name}:${value}`);
  return frame(0x80, new TextEncoder().encode(`${lines.join('\r\n')}\r\n`));
}

/** A frame in `encoding`: bytes, or a padded base64 string for `text`. */
export function encodeFrame(bytes: Uint8Array, encoding: GrpcWebEncoding): Uint8Array | string {
  return encoding === 'text' ? Buffer.from(bytes).toString('base64') : bytes;
}

function frame(flags: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(5 + payload.byteLength);
  out[0] = flags;
  new DataView(out.buffer).setUint32(1, payload.byteLength);
  out.set(payload, 5);
  return out;
}
