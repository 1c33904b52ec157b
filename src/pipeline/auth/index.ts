/** The auth stage: compile providers once per table, `authorize` each request, redact what is displayed. */
export type { AuthContext, AuthProvider, ProviderResult } from './api.js';
export { type AuthorizeOptions, authorize } from './authorize.js';
export { type AuthCompileOptions, type CompiledAuth, compileAuthProviders } from './compile.js';
export { createPasswordHash, parsePasswordHash, verifyPassword } from './password.js';
export { REDACTED, redactHeaders, redactQuery, sensitiveHeaderNames } from './redact.js';
export { identityHeaderNames } from './upstream-headers.js';
