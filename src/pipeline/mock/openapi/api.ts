/** An OpenAPI 3 document reduced to what a mock answers from: operations, by path template and method. */

/** A schema as the dereferenced document has it (plain JSON Schema-ish data, possibly cyclic). */
export type Schema = Readonly<Record<string, unknown>>;

/** One media type of a response. */
export interface MockContent {
  readonly mediaType: string;
  readonly example: unknown;
  /** Named examples (`examples: { cat: { value } }`), in document order. */
  readonly examples: ReadonlyMap<string, unknown>;
  readonly schema: Schema | undefined;
}

/** One response of an operation, keyed in the document by `200`, `4XX` or `default`. */
export interface MockResponse {
  readonly key: string;
  readonly content: MockContent | undefined;
  /** Response headers with an example or a schema to generate from. */
  readonly headers: ReadonlyMap<string, { readonly example: unknown; readonly schema: Schema | undefined }>;
}

export interface MockOperation {
  /** Upper-case. */
  readonly method: string;
  /** The document's path template: `/pets/{petId}`. */
  readonly path: string;
  readonly pattern: RegExp;
  readonly operationId: string | undefined;
  readonly responses: readonly MockResponse[];
}

export interface OpenApiMock {
  readonly title: string;
  /** Paths of the document's `servers` URLs (`/v1`), stripped from requests that start with them. */
  readonly basePaths: readonly string[];
  /** Concrete paths before templated ones, as OpenAPI asks. */
  readonly operations: readonly MockOperation[];
}
