/**
 * The auth stage's contract. Providers are compiled once per table (keys parsed, secrets
 * read from the environment, JWKS loaded); `authorize` runs per request and returns an
 * `AuthOutcome` whose reason never contains a credential.
 */
import type { NormalizedRequest } from '../types.js';

export interface AuthContext {
  readonly now: () => number;
  readonly fetch: typeof fetch;
}

/** What one provider concluded about one request. */
export type ProviderResult =
  | {
      readonly ok: true;
      readonly identity: { readonly name: string; readonly claims?: Readonly<Record<string, unknown>> };
      /** Scopes and roles the credential grants (for route requirements). */
      readonly scopes: readonly string[];
      readonly roles: readonly string[];
      /** Headers to copy onto the upstream request (forward auth). */
      readonly copyHeaders?: Readonly<Record<string, string>>;
      /**
       * Every verified claim (JWT), so a route's `identityHeaders` can name any of them.
       * Never shown: `identity.claims` is what explain, the log and the trace display.
       */
      readonly verifiedClaims?: Readonly<Record<string, unknown>>;
    }
  | {
      readonly ok: false;
      /** `missing`: no credential of this provider's kind was presented. */
      readonly missing: boolean;
      readonly reason: string;
      /** Status when it is not 401: 503 when an auth service or a JWKS URL cannot be reached. */
      readonly status?: number;
      /** `WWW-Authenticate` for this failure when it says more than the provider's plain `challenge` (RFC 6750 `error=`). */
      readonly challenge?: string;
      /** Forward auth: the service's own answer, returned to the client as it was. */
      readonly passthrough?: {
        readonly status: number;
        readonly headers: Readonly<Record<string, string | string[] | undefined>>;
        readonly body: string;
      };
    };

export interface AuthProvider {
  readonly name: string;
  readonly type: 'api-key' | 'basic' | 'jwt' | 'forward';
  authenticate(request: NormalizedRequest, ctx: AuthContext): Promise<ProviderResult>;
  /** `WWW-Authenticate` value for a 401 from this provider. */
  readonly challenge: string;
  /** Where the credential travels, so it can be stripped before forwarding. */
  readonly credential: { readonly header?: string; readonly query?: string };
  /**
   * Headers this provider sets on the upstream request (forward auth's `responseHeaders`):
   * client-sent copies are removed whenever a route uses the provider, so they cannot be spoofed.
   */
  readonly upstreamHeaders?: readonly string[];
}
