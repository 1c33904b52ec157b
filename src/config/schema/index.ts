/** The whole config shape: the one definition types, validation and the JSON Schema come from. */
import { z } from 'zod';
import { authProviderSchema } from './auth.js';
import { defaultsSchema } from './defaults.js';
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
  /**
   * Options for routes (and, under `upstream`, upstreams) that do not set them: route/upstream >
   * defaults > built-in. `auth` here protects every route without an `auth` key.
   * @example { auth: 'jwt', timeout: '10s', websocket: false, upstream: { retries: { attempts: 1 } } }
   */
  defaults: defaultsSchema.optional(),
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
export * from './defaults.js';
export * from './fault.js';
export * from './mock.js';
export * from './rate-limit.js';
export * from './route.js';
export * from './server.js';
export * from './tests.js';
export * from './upstream.js';
