/** `auth`: named authentication providers that routes refer to by name. */
import { z } from 'zod';
import { durationSchema, secretSchema } from './common.js';

/** A client presents one of these keys in a header or a query parameter. */
export const apiKeyProviderSchema = z.strictObject({
  type: z.literal('api-key'),
  /** Header carrying the key. @default 'x-api-key' (unless `query` is set) */
  header: z.string().optional(),
  /** Query parameter carrying the key (when set and `header` is not, only the query is read). */
  query: z.string().optional(),
  /**
   * Accepted keys, each naming the identity it stands for.
   * @example [{ name: 'ci', key: { env: 'CI_API_KEY' } }]
   */
  keys: z.array(z.strictObject({ name: z.string().min(1), key: secretSchema })).min(1),
});

/** HTTP Basic: users with hashed passwords. */
export const basicProviderSchema = z.strictObject({
  type: z.literal('basic'),
  /** Realm in `WWW-Authenticate`. @default 'gateway' */
  realm: z.string().optional(),
  /**
   * Users and their password hashes: bcrypt (`$2y$…`, as `htpasswd -B` writes) or scrypt
   * (`scrypt$N$r$p$salt$hash`, as `gateway hash-password` prints). Plain passwords are refused.
   */
  users: z.array(z.strictObject({ name: z.string().min(1), hash: secretSchema })).min(1),
});

/** JSON Web Tokens in `Authorization: Bearer …`, verified with `jose`. */
export const jwtProviderSchema = z.strictObject({
  type: z.literal('jwt'),
  /**
   * Algorithms accepted; fixed here, never taken from the token.
   * @example ['RS256']
   */
  algorithms: z
    .array(
      z.enum([
        'HS256',
        'HS384',
        'HS512',
        'RS256',
        'RS384',
        'RS512',
        'PS256',
        'PS384',
        'PS512',
        'ES256',
        'ES384',
        'ES512',
        'EdDSA',
      ]),
    )
    .min(1),
  /** HMAC secret for HS* algorithms. Use `{ env }`; short secrets are flagged by `auth/weak-hmac-secret`. */
  secret: secretSchema.optional(),
  /** PEM file with the public key (SPKI) for RS*, PS*, ES* or EdDSA, relative to the config. */
  publicKey: z.string().optional(),
  /** JWKS: a local file path or an `https://` URL (cached; refetched when a token names an unknown `kid`). */
  jwks: z.string().optional(),
  /** Required `iss`. */
  issuer: z.union([z.string(), z.array(z.string())]).optional(),
  /** Required `aud` (any of). */
  audience: z.union([z.string(), z.array(z.string())]).optional(),
  /** Slack for `exp`, `nbf` and an `iat` in the future. @default '30s' */
  clockTolerance: durationSchema.optional(),
  /**
   * Refuse tokens without an `exp` claim.
   * **`false` accepts tokens that never expire: a leaked one works forever.**
   * @default true
   */
  requireExpiry: z.boolean().optional(),
  /** Refuse tokens issued (`iat`) longer ago than this, whatever their `exp`; they must then carry `iat`. @example '1h' */
  maxTokenAge: durationSchema.optional(),
  /** Claims that must be present (and, when given a value, equal it). @example { email_verified: true } */
  requiredClaims: z.record(z.string(), z.union([z.literal(true), z.string(), z.number(), z.boolean()])).optional(),
  /** Claim holding roles, for routes with `roles`. @default 'roles' */
  rolesClaim: z.string().optional(),
  /** Largest token accepted, in bytes. @default 8192 */
  maxTokenSize: z.number().int().min(256).optional(),
});

/** Ask an HTTP service, like Traefik's ForwardAuth or Envoy's ext_authz. */
export const forwardProviderSchema = z.strictObject({
  type: z.literal('forward'),
  /** The auth service URL; the original method and path are sent as `X-Forwarded-Method` and `X-Forwarded-Uri`. */
  url: z.string().url(),
  /** Request headers passed to the auth service. @default ['authorization', 'cookie'] */
  requestHeaders: z.array(z.string()).optional(),
  /** Headers of the auth service's 2xx answer copied onto the upstream request. @default [] */
  responseHeaders: z.array(z.string()).optional(),
  /** Time to wait for the auth service; then `timeoutStatus`. @default '5s' */
  timeout: durationSchema.optional(),
  /** Status when the auth service does not answer within `timeout`. @default 504 */
  timeoutStatus: z.number().int().min(500).max(599).optional(),
  /** Status when the auth service cannot be reached (connection refused, DNS). @default 503 */
  unreachableStatus: z.number().int().min(500).max(599).optional(),
});

export const authProviderSchema = z.discriminatedUnion('type', [
  apiKeyProviderSchema,
  basicProviderSchema,
  jwtProviderSchema,
  forwardProviderSchema,
]);
export type AuthProviderConfig = z.input<typeof authProviderSchema>;

/** What a route requires. */
export const routeAuthSchema = z.union([
  /** `false`: explicitly public, even when `defaults.auth` is set. */
  z.literal(false),
  /** A provider name, or several (any of them may authenticate). */
  z.string().min(1),
  z.array(z.string().min(1)).min(1),
  z.strictObject({
    /** Provider name(s); any of them may authenticate. */
    providers: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    /** Scopes that must all be in the token's `scope`/`scp` claim. @example ['orders:read'] */
    scopes: z.array(z.string()).optional(),
    /** Roles of which one must be in the provider's `rolesClaim`. */
    roles: z.array(z.string()).optional(),
    /** Keep the credential on the upstream request (stripped by default). @default false */
    forwardCredential: z.boolean().optional(),
    /**
     * Pass the identity upstream in these headers; client-sent copies are always removed.
     * @example { 'x-user': 'sub', 'x-user-email': 'email' }   // header → claim ('name' for api-key/basic)
     */
    identityHeaders: z.record(z.string(), z.string()).optional(),
  }),
]);
export type RouteAuthConfig = z.input<typeof routeAuthSchema>;
