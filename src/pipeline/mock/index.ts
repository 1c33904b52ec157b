/** Mocks: answers made up from the config (templates, files, sequences) or from an OpenAPI document. */
export type { CompiledAnswer, CompiledMock } from './api.js';
export { fillAnswer } from './answer.js';
export { compileMocks } from './compile.js';
export { answerFromOpenApi } from './openapi/answer.js';
export { readPrefer } from './openapi/prefer.js';
export { createMockSequences, type MockSequences } from './sequences.js';
export { fillJson, fillString, type TemplateValues } from './template.js';
