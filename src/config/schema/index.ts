/** The whole config shape: the one definition types, validation and the JSON Schema come from. */
import { z } from 'zod';
import { authProviderSchema, routeAuthSchema } from './auth.js';
import { faultSchema } from './fault.js';
import { rateLimitSchema } from './rate-limit.js';
import { routeSchema } from './route.js';
import { serverSchema } from './server.js';
import { routeTestSchema } from './tests.js';
import { upstreamSchema } from './upstream.js';

export const lintSeveritySchema = z.enum(['off', 'warn', 'error']);

export const configSchema = z.strictObject({
  /** JSON Schema reference, for editors (JSON/YAML configs). */
  $schema: z.string().optional(),
  server: serverSchema.optional(),
  /** Named pools of instances. @example { users: 'http://127.0.0.1:4001' } */
  upstreams: z.record(z.string().min(1), upstreamSchema).optional(),
  /** Named authentication providers, referred to by routes. */
  auth: z.record(z.string().min(1), authProviderSchema).optional(),
  /** Settings for routes that do not say otherwise. */
  defaults: z
    .strictObject({
      /** Auth for routes without an `auth` key. **Without it, such routes are public.** */
      auth: routeAuthSchema.optional(),
      /** Faults for routes without a `fault` key. @example { headers: true } */
      fault: faultSchema.optional(),
      /** Rate limit for routes without a `rateLimit` key. */
      rateLimit: rateLimitSchema.optional(),
    })
    .optional(),
  /** Ordered: the first matching route wins (a higher `priority` goes first). */
  routes: z.array(routeSchema),
  /** Route test cases for `gateway test`. */
  tests: z.array(routeTestSchema).optional(),
  /** `gateway lint` settings. @example { rules: { 'upstream/unused': 'off' } } */
  lint: z.strictObject({ rules: z.record(z.string(), lintSeveritySchema).optional() }).optional(),
});

/** What a user writes in `gateway.config.ts` (shorthand allowed, defaults implied). */
export type UserConfig = z.input<typeof configSchema>;

export * from './auth.js';
export * from './common.js';
export * from './fault.js';
export * from './mock.js';
export * from './rate-limit.js';
export * from './route.js';
export * from './server.js';
export * from './tests.js';
export * from './upstream.js';
