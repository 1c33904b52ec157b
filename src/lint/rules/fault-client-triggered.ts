/**
 * `fault/client-triggered`: `fault.headers: true` in `defaults` lets any client delay, abort or
 * throttle every route with an `x-gateway-fault-*` header. Meant for the routes you are testing,
 * one by one — on every route it is a way to slow the whole gateway down from outside.
 */
import type { LintRule } from '../types.js';

export const faultClientTriggered: LintRule = {
  id: 'fault/client-triggered',
  severity: 'warn',
  description:
    '`defaults.fault.headers` lets any client delay, abort or throttle every route with x-gateway-fault-* headers.',
  help: 'Set `fault: { headers: true }` on the routes you test with header-asked faults, not in `defaults`.',
  check({ user }) {
    const fault = user.defaults?.fault;
    if (fault === undefined || fault === false || fault.headers !== true) return [];
    return [
      {
        path: 'defaults.fault.headers',
        message:
          'every route now honours x-gateway-fault-* headers from any client — set fault: { headers: true } on the routes you test instead',
      },
    ];
  },
};
