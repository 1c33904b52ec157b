/** `fault`: delays, aborts and slow answers the gateway injects on purpose (Envoy's fault filter). */
import { z } from 'zod';
import { durationSchema } from './common.js';

/** A share of requests, 0–100. @default 100 */
const percentSchema = z.number().min(0).max(100);

/**
 * A bandwidth in bits per second: `'64kbps'`, `'1.5mbps'`, `'800bps'` (k = 1000, as network
 * speeds are written). The answer's body is sent no faster than this.
 */
export const bandwidthSchema = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(bps|kbps|mbps|gbps)$/i, 'a bandwidth such as "64kbps", "1.5mbps" or "800bps"');
export type Bandwidth = z.input<typeof bandwidthSchema>;

export const faultSchema = z.strictObject({
  /**
   * Wait before handling the request: a `fixed` time, or a uniform draw from `range`.
   * @example { fixed: '500ms', percent: 10 }
   * @example { range: ['100ms', '2s'] }
   */
  delay: z
    .strictObject({
      fixed: durationSchema.optional(),
      range: z.tuple([durationSchema, durationSchema]).optional(),
      /** Share of requests delayed. @default 100 */
      percent: percentSchema.optional(),
    })
    .optional(),
  /**
   * Answer with this status instead of handling the request (a problem document of type
   * `urn:gateway:fault-injected`, marked `"injected": true`).
   * @example { status: 503, percent: 10 }
   */
  abort: z
    .strictObject({
      status: z.number().int().min(200).max(599),
      /** Share of requests aborted. @default 100 */
      percent: percentSchema.optional(),
      /** For gRPC clients: the `grpc-status` (0–16) sent with the abort. */
      grpcStatus: z.number().int().min(0).max(16).optional(),
    })
    .optional(),
  /** Send answers no faster than this. @example '64kbps' */
  bandwidth: bandwidthSchema.optional(),
  /**
   * Let clients ask for faults with request headers: `x-gateway-fault-delay: 2s`,
   * `x-gateway-fault-abort: 503`, `x-gateway-fault-bandwidth: 64kbps`. Off unless set here, so a
   * client can never slow a route down that did not opt in. @default false
   */
  headers: z.boolean().optional(),
});
export type FaultConfig = z.input<typeof faultSchema>;
