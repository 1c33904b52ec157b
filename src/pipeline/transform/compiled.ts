/**
 * What a compiled gRPC or SOAP transform offers besides `plan`: what the executors in
 * src/protocols need to send a plan (encoders, the parsed WSDL). Plain interfaces, no imports of
 * protobuf or SOAP libraries, so the proxy can name these types without loading them.
 */
import type { CompiledTransform } from './api.js';

/** One RPC, ready to send: the message encoders built from the protos. */
export interface GrpcRpc {
  /** `shop.v1.ProductService/GetProduct`. */
  readonly name: string;
  /** The HTTP/2 path: `/shop.v1.ProductService/GetProduct`. */
  readonly path: string;
  readonly serverStreaming: boolean;
  /** Proto3 JSON (a plan's `message`) → protobuf binary. Throws only on a message `plan` did not build. */
  encodeRequest(json: unknown): Uint8Array;
  /**
   * Protobuf binary → proto3 JSON (default-valued fields shown when the upstream's `emitDefaults`
   * says so); with `responseBody`, only that field's JSON. Throws when the bytes are no such message.
   */
  decodeResponse(bytes: Uint8Array, responseBody?: string): unknown;
}

/** A compiled route to a gRPC upstream. */
export interface GrpcTransform extends CompiledTransform {
  readonly kind: 'grpc';
  readonly upstream: string;
  /** Response metadata keys returned as `grpc-metadata-<key>` headers. */
  readonly returnMetadata: readonly string[];
  /**
   * `grpc-status-details-bin` (a `google.rpc.Status`) as proto3 JSON; details of types the protos
   * do not know keep `@type` and the bytes as base64. `undefined` when it does not decode.
   */
  statusDetails(bytes: Uint8Array): unknown;
  /** The RPC a plan names (`plan.method`), or `undefined`. */
  rpc(name: string): GrpcRpc | undefined;
}

/** A compiled route to a SOAP upstream. */
export interface SoapTransform extends CompiledTransform {
  readonly kind: 'soap';
  readonly upstream: string;
  readonly operation: string;
  readonly version: '1.1' | '1.2';
  /** The `soap` package's parsed WSDL (its `WSDL` object), shared by every client made from it. */
  readonly wsdl: unknown;
  readonly service: string;
  readonly port: string;
  /** Path of the port's address in the WSDL (`/inventory`), used when a target URL has no path. */
  readonly addressPath: string;
  /** SOAP clients by endpoint, made on first use from `wsdl` (one per target). */
  readonly clients: Map<string, unknown>;
}

/** Either kind; the map `compileTransforms` returns holds these. */
export type ProtocolTransform = GrpcTransform | SoapTransform;
