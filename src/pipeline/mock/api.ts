/** What a compiled mock is: answers given in turn (file bodies read), or an OpenAPI document's operations. */
import type { ResolvedMockAnswer } from '../../config/resolved.js';
import type { OpenApiMock } from './openapi/api.js';

/** One answer, with the body of its `file` read when the table was built. */
export interface CompiledAnswer extends ResolvedMockAnswer {
  readonly fileBody: string | undefined;
}

export type CompiledMock =
  | { readonly kind: 'answers'; readonly answers: readonly CompiledAnswer[]; readonly loop: boolean }
  | { readonly kind: 'openapi'; readonly api: OpenApiMock };
